package io.jobwire.launcher.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One bench WebSocket connection (RFC 6455, plain {@code ws://}) on a blocking socket: a reader
 * thread of its own hands every text frame, whole, to a callback; sends are serialized. It is
 * deliberately this small. The JDK's WebSocket client hands each frame across two of its own
 * threads, which added about a millisecond to every round trip measured here and was most of the
 * "ping while blocked" figure; a browser or {@code websockets} in Python reads on the thread that
 * waits. Scenarios look at frames with plain string tests instead of a JSON parse, so the client's
 * own CPU cost, which shares the machine with the server, stays small.
 */
final class BenchSocket implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int TEXT = 0x1;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final Consumer<String> frames;
  private volatile boolean closed;

  private BenchSocket(Socket socket, DataInputStream in, Consumer<String> frames)
      throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = in;
    this.frames = frames;
  }

  /** Opens {@code url} (ws://host:port/path) and starts its reader thread. */
  static BenchSocket connect(String url, Consumer<String> frames) {
    URI uri = URI.create(url);
    if (!"ws".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the bench client speaks ws:// only: " + url);
    }
    try {
      var socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
      handshake(socket, in, uri);
      var bench = new BenchSocket(socket, in, frames);
      Thread.ofPlatform().daemon().name("bench-ws-reader").start(bench::read);
      return bench;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + url, e);
    }
  }

  /** Sends one text frame. Thread-safe. */
  void send(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        writeFrame(TEXT, payload);
      } catch (IOException e) {
        throw new UncheckedIOException("bench send failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** True when {@code frame} is a server message of kind {@code op} (the codec writes op first). */
  static boolean is(String frame, String op) {
    return frame.startsWith("{\"op\":\"" + op + "\"");
  }

  /** The long after {@code "name":} in {@code frame}, or -1. */
  static long longField(String frame, String name) {
    String key = "\"" + name + "\":";
    int at = frame.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    long value = 0;
    boolean any = false;
    while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
      value = value * 10 + (frame.charAt(i++) - '0');
      any = true;
    }
    return any ? value : -1;
  }

  private static void handshake(Socket socket, DataInputStream in, URI uri) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status);
    }
    String accept = null;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
        accept = header.substring(colon + 1).trim();
      }
    }
    if (!expectedAccept(key).equals(accept)) {
      throw new IOException("handshake answered with a wrong Sec-WebSocket-Accept: " + accept);
    }
  }

  private static String expectedAccept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  private static String line(DataInputStream in) throws IOException {
    var line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** The reader thread: frames until the connection ends. */
  private void read() {
    var message = new ByteArrayOutputStream();
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
        byte[] payload = new byte[Math.toIntExact(length)]; // the server never masks
        in.readFully(payload);
        switch (opcode) {
          case PING -> {
            synchronized (this) {
              writeFrame(PONG, payload);
            }
          }
          case CLOSE -> {
            return;
          }
          case PONG -> {}
          default -> { // text, or a continuation of it
            message.write(payload);
            if (fin) {
              frames.accept(message.toString(StandardCharsets.UTF_8));
              message.reset();
            }
          }
        }
      }
    } catch (IOException e) {
      if (!closed) {
        System.err.println("bench: connection ended: " + e);
      }
    }
  }

  /** One masked frame (clients must mask). Holds this object's lock. */
  private void writeFrame(int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    int header = payload.length < 126 ? 6 : payload.length <= 0xFFFF ? 8 : 14;
    byte[] frame = new byte[header + payload.length];
    frame[0] = (byte) (0x80 | opcode);
    int at;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
      at = 2;
    } else if (payload.length <= 0xFFFF) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >>> 8);
      frame[3] = (byte) payload.length;
      at = 4;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
      }
      at = 10;
    }
    System.arraycopy(mask, 0, frame, at, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[at + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(frame);
  }
}
