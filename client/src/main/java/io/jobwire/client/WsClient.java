package io.jobwire.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * A WebSocket client of the front end (RFC 6455 on a blocking socket, {@code ws://} or {@code
 * wss://}). Its reader thread hands every text message, whole, to the {@linkplain
 * WsClientBuilder#onText callback} given, or else queues it for {@link #next}/{@link #nextText}.
 * When the connection ends, the queue gets one last message of the client's own, {@code
 * {"op":"closed","code":N,"reason":…}} (no server sends an op of that name).
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

  private static final int NORMAL = 1000;
  private static final int UNSUPPORTED_DATA = 1003;
  private static final int NO_STATUS = 1005;
  private static final int ABNORMAL = 1006;
  private static final int TOO_BIG = 1009;

  private final String url;
  private final Socket socket;
  private final FrameReader in;
  private final FrameWriter out;
  private final String subprotocol;
  private final Consumer<String> onText;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final AtomicLong pongs = new AtomicLong();
  private volatile boolean closeSent;

  /** Over an upgraded {@code socket}; {@code onText} null queues messages for {@link #next}. */
  WsClient(
      String url,
      Socket socket,
      InputStream in,
      String subprotocol,
      Consumer<String> onText,
      int maxMessageBytes)
      throws IOException {
    this.url = url;
    this.socket = socket;
    this.in = new FrameReader(in, maxMessageBytes);
    this.out = new FrameWriter(socket.getOutputStream());
    this.subprotocol = subprotocol;
    this.onText = onText != null ? onText : received::add;
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
  public static WsClientBuilder to(String url) {
    return new WsClientBuilder(URI.create(url));
  }

  /** A builder for a connection to {@code uri}. */
  public static WsClientBuilder to(URI uri) {
    return new WsClientBuilder(uri);
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
      sendCloseQuietly(code, reason);
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
    close(NORMAL, "bye");
  }

  private void sendCloseQuietly(int code, String reason) {
    try {
      sendClose(code, reason);
    } catch (UncheckedIOException e) {
      // the connection is gone already
    }
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
  void read() {
    var message = new ByteArrayOutputStream();
    int code = ABNORMAL;
    String reason = "";
    try {
      while (true) {
        FrameReader.Frame frame = in.next(message.size());
        switch (frame.opcode()) {
          case FrameWriter.PING -> sendFrame(FrameWriter.PONG, true, frame.payload());
          case FrameWriter.PONG -> pongs.incrementAndGet();
          case FrameWriter.CLOSE -> {
            code = frame.closeCode();
            reason = frame.closeReason();
            if (!closeSent) {
              sendClose(code == NO_STATUS ? NORMAL : code, "");
            }
            return;
          }
          case FrameWriter.BINARY -> {
            code = UNSUPPORTED_DATA;
            reason = "jobwire servers send text only";
            sendClose(code, reason);
            return;
          }
          default -> { // text, or a continuation of it
            message.write(frame.payload());
            if (frame.fin()) {
              onText.accept(message.toString(StandardCharsets.UTF_8));
              message.reset();
            }
          }
        }
      }
    } catch (FrameReader.TooLarge e) {
      code = TOO_BIG;
      reason = e.getMessage();
      sendCloseQuietly(code, reason);
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
}
