package io.jobwire.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client of the front end (RFC 6455 on a blocking socket, {@code ws://} or {@code
 * wss://}). Its reader thread hands every text message, whole, to the {@linkplain Builder#onText
 * callback} given, or else queues it for {@link #next}/{@link #nextText}. When the connection ends,
 * the queue gets one last message of the client's own, {@code {"op":"closed","code":N,"reason":…}}
 * (no server sends an op of that name).
 *
 * <p>Why not the JDK's {@code java.net.http.WebSocket}: it hands each message across two of its own
 * threads, which added about a millisecond to every round trip the benchmarks measure; a browser
 * reads on the thread that waits, and so does this client.
 */
public final class WsClient implements AutoCloseable {
  /** The op of the message {@link #next} returns once the connection is gone. */
  public static final String CLOSED = "closed";

  /** What {@link #connect(String)} waits for the TCP connection and the upgrade. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The largest message the client accepts; a larger one closes the connection with 1009. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final int NO_STATUS = 1005;
  private static final int ABNORMAL = 1006;

  private final String url;
  private final Socket socket;
  private final DataInputStream in;
  private final FrameWriter out;
  private final String subprotocol;
  private final Consumer<String> onText;
  private final int maxMessageBytes;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final AtomicLong pongs = new AtomicLong();
  private volatile boolean closeSent;

  private WsClient(Builder b, Socket socket, DataInputStream in, String subprotocol)
      throws IOException {
    this.url = b.uri.toString();
    this.socket = socket;
    this.in = in;
    this.out = new FrameWriter(socket.getOutputStream());
    this.subprotocol = subprotocol;
    this.onText = b.onText != null ? b.onText : received::add;
    this.maxMessageBytes = b.maxMessageBytes;
  }

  /** Connects to {@code url} with no subprotocol, trusting the JDK's default CAs. */
  public static WsClient connect(String url) {
    return to(url).connect();
  }

  /** Connects trusting {@code tls} (null = the JDK's default CAs). */
  public static WsClient connect(String url, SSLContext tls) {
    return to(url).tls(tls).connect();
  }

  /** A builder for a connection to {@code url}. */
  public static Builder to(String url) {
    return new Builder(URI.create(url));
  }

  /** A builder for a connection to {@code uri}. */
  public static Builder to(URI uri) {
    return new Builder(uri);
  }

  /** The subprotocol the server chose, "" for none. */
  public String subprotocol() {
    return subprotocol;
  }

  /** Sends one text message. Thread-safe. */
  public void send(String text) {
    sendFrame(FrameWriter.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one text message split into WebSocket fragments, one per part. */
  public void sendFragments(String... parts) {
    synchronized (out) {
      for (int i = 0; i < parts.length; i++) {
        int opcode = i == 0 ? FrameWriter.TEXT : FrameWriter.CONTINUATION;
        sendFrame(opcode, i == parts.length - 1, parts[i].getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Sends one binary message. */
  public void sendBinary(byte[] data) {
    sendFrame(FrameWriter.BINARY, true, data);
  }

  /**
   * Sends a WebSocket ping (a control frame, not jobwire's {@code ping} op); see {@link #pongs}.
   */
  public void ping(byte[] payload) {
    sendFrame(FrameWriter.PING, true, payload);
  }

  /** How many pongs the server has sent. */
  public long pongs() {
    return pongs.get();
  }

  /** The next text message as it came, waiting up to {@code timeout}. */
  public String nextText(Duration timeout) throws InterruptedException, TimeoutException {
    String text = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (text == null) {
      throw new TimeoutException("no message from " + url + " within " + timeout);
    }
    return text;
  }

  /** The next message, as JSON. */
  public JsonNode next(Duration timeout) throws InterruptedException, TimeoutException {
    String text = nextText(timeout);
    try {
      return Codec.parse(text);
    } catch (ProtocolException e) {
      throw new IllegalStateException("the server sent a message that is not JSON: " + text, e);
    }
  }

  /** The next message that matches, skipping the ones before it. */
  public JsonNode next(Predicate<JsonNode> match, Duration timeout)
      throws InterruptedException, TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode message = next(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
      if (match.test(message)) {
        return message;
      }
    }
  }

  /** The next message whose {@code op} is {@code op}. */
  public JsonNode next(String op, Duration timeout) throws InterruptedException, TimeoutException {
    return next(message -> op.equals(message.path("op").asText()), timeout);
  }

  /** True until the connection closed, as far as this client knows. */
  public boolean isOpen() {
    return !closeCode.isDone() && !socket.isClosed();
  }

  /** The close code once the connection ended within {@code wait} (1006 when it broke). */
  public OptionalInt awaitClose(Duration wait) throws InterruptedException {
    try {
      return OptionalInt.of(closeCode.get(wait.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return OptionalInt.empty();
    } catch (ExecutionException e) {
      return OptionalInt.of(ABNORMAL);
    }
  }

  /** Sends a close frame with {@code code} and {@code reason}, then drops the connection. */
  public void close(int code, String reason) {
    if (!closeSent && !socket.isClosed()) {
      try {
        sendClose(code, reason);
      } catch (UncheckedIOException e) {
        // the connection is gone already
      }
    }
    closeCode.complete(code);
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Closes with 1000 (normal closure). */
  @Override
  public void close() {
    close(1000, "bye");
  }

  private void sendClose(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    synchronized (out) {
      closeSent = true;
      sendFrame(FrameWriter.CLOSE, true, payload);
    }
  }

  private void sendFrame(int opcode, boolean fin, byte[] payload) {
    synchronized (out) {
      try {
        out.write(opcode, fin, payload);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot send to " + url, e);
      }
    }
  }

  /** The reader thread: messages until the connection ends. */
  private void read() {
    var message = new java.io.ByteArrayOutputStream();
    int code = ABNORMAL;
    String reason = "";
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        long length = second & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if (length + message.size() > maxMessageBytes) {
          code = 1009;
          reason = "message over " + maxMessageBytes + " bytes";
          sendClose(code, reason);
          return;
        }
        byte[] payload = new byte[(int) length]; // a server never masks
        in.readFully(payload);
        switch (opcode) {
          case FrameWriter.PING -> sendFrame(FrameWriter.PONG, true, payload);
          case FrameWriter.PONG -> pongs.incrementAndGet();
          case FrameWriter.CLOSE -> {
            code =
                payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : NO_STATUS;
            reason =
                new String(
                    payload,
                    2 <= payload.length ? 2 : 0,
                    Math.max(0, payload.length - 2),
                    StandardCharsets.UTF_8);
            if (!closeSent) {
              sendClose(code == NO_STATUS ? 1000 : code, "");
            }
            return;
          }
          case FrameWriter.BINARY -> {
            code = 1003;
            reason = "jobwire servers send text only";
            sendClose(code, reason);
            return;
          }
          default -> { // text, or a continuation of it
            message.write(payload);
            if (fin) {
              onText.accept(message.toString(StandardCharsets.UTF_8));
              message.reset();
            }
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      reason = String.valueOf(e.getMessage());
    } finally {
      closed(code, reason);
    }
  }

  private void closed(int code, String reason) {
    if (closeCode.complete(code)) {
      received.add(
          Codec.encode(
              Codec.mapper()
                  .createObjectNode()
                  .put("op", CLOSED)
                  .put("code", code)
                  .put("reason", reason)));
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** How to connect: subprotocols, headers, TLS, source address, where messages go. */
  public static final class Builder {
    private final URI uri;
    private final List<String> subprotocols = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private SSLContext tls;
    private InetAddress localAddress;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Consumer<String> onText;
    private boolean reading = true;
    private boolean virtualThread;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

    private Builder(URI uri) {
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://: " + uri);
      }
      this.uri = uri;
    }

    /** Subprotocols to offer, in order of preference. */
    public Builder subprotocols(String... names) {
      subprotocols.addAll(List.of(names));
      return this;
    }

    /** One more header on the upgrade request, e.g. {@code Origin} or {@code Authorization}. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Trusts {@code context} for {@code wss://} (null = the JDK's default CAs). */
    public Builder tls(SSLContext context) {
      this.tls = context;
      return this;
    }

    /** Connects from this local address (e.g. 127.0.0.2 to get more source ports). */
    public Builder localAddress(InetAddress address) {
      this.localAddress = address;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Hands every text message to {@code callback} on the reader thread instead of queueing it (the
     * benchmarks: no hand-off between threads). {@link #next} then has nothing to return.
     */
    public Builder onText(Consumer<String> callback) {
      this.onText = callback;
      return this;
    }

    /** Never reads what the server sends (a stalled browser tab): no reader thread. */
    public Builder notReading() {
      this.reading = false;
      return this;
    }

    /** Reads on a virtual thread (thousands of idle connections) rather than a platform one. */
    public Builder virtualThread() {
      this.virtualThread = true;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMessageBytes must be positive: " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /**
     * Opens the connection and, unless {@link #notReading}, starts its reader thread.
     *
     * @throws UncheckedIOException when it cannot connect; its cause says why, a {@link
     *     HandshakeRefusedException} when the server answered the upgrade with another status
     */
    public WsClient connect() {
      boolean secure = "wss".equals(uri.getScheme());
      int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        if (localAddress != null) {
          socket.bind(new InetSocketAddress(localAddress, 0));
        }
        int timeout = Math.toIntExact(connectTimeout.toMillis());
        socket.connect(new InetSocketAddress(uri.getHost(), port), timeout);
        socket.setSoTimeout(timeout);
        if (secure) {
          socket = secure(socket, port);
        }
        var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        String chosen =
            Handshake.upgrade(socket.getOutputStream(), in, uri, port, subprotocols, headers);
        socket.setSoTimeout(0);
        var client = new WsClient(this, socket, in, chosen);
        if (reading) {
          (virtualThread ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true))
              .name("ws-client " + uri.getHost() + ":" + port)
              .start(client::read);
        }
        return client;
      } catch (IOException e) {
        try {
          socket.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
      }
    }

    private Socket secure(Socket plain, int port) throws IOException {
      SSLContext context = tls;
      if (context == null) {
        try {
          context = SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IOException("no default TLS context in this JDK", e);
        }
      }
      var ssl =
          (SSLSocket) context.getSocketFactory().createSocket(plain, uri.getHost(), port, true);
      var parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      return ssl;
    }
  }
}
