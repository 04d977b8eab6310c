package io.jobwire.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A hostile ZeroMQ peer on a raw TCP socket: a ZMTP 3.0 greeting naming a mechanism ({@code NULL}
 * or {@code CURVE}), then a long command frame header ({@code \x06}) claiming 0x7FFFFFFF bytes, and
 * no payload. A socket without a maximum message size allocates that much before anything else
 * arrives (before CURVE has authenticated anyone); one with a limit drops the connection.
 */
public final class OversizedFrame {

  /** The mechanisms a greeting may name. */
  public enum Mechanism {
    NULL,
    CURVE
  }

  private OversizedFrame() {}

  /**
   * Dials {@code endpoint} ({@code tcp://HOST:PORT}), sends the greeting and the oversized header,
   * and says whether the server dropped the connection within {@code within}.
   */
  public static boolean droppedByServer(String endpoint, Mechanism mechanism, Duration within) {
    URI uri = URI.create(endpoint);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      return attack(socket, mechanism, false, within);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits on {@code listener} for a ZeroMQ client to dial in, plays a server sending it the
   * oversized header, and says whether the client dropped the connection within {@code within}.
   */
  public static boolean droppedByClient(
      ServerSocket listener, Mechanism mechanism, Duration within) {
    try {
      listener.setSoTimeout((int) within.toMillis());
      try (Socket socket = listener.accept()) {
        return attack(socket, mechanism, true, within);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 64-byte ZMTP 3.0 greeting, then {@code \x06} and an 8-byte size of 0x7FFFFFFF. */
  static byte[] bytes(Mechanism mechanism, boolean asServer) {
    ByteBuffer out = ByteBuffer.allocate(64 + 9);
    out.put((byte) 0xff).put(new byte[8]).put((byte) 0x7f); // signature
    out.put((byte) 3).put((byte) 0); // version 3.0
    byte[] name = mechanism.name().getBytes(StandardCharsets.US_ASCII);
    out.put(name).put(new byte[20 - name.length]);
    out.put((byte) (asServer ? 1 : 0)).put(new byte[31]);
    out.put((byte) 0x06).putLong(0x7fffffffL); // long command frame, no payload follows
    return out.array();
  }

  private static boolean attack(
      Socket socket, Mechanism mechanism, boolean asServer, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    socket.getOutputStream().write(bytes(mechanism, asServer));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[256];
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (in.read(sink) < 0) {
          return true; // the peer closed: it refused the header
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false; // still open, waiting for two gigabytes
    } catch (IOException e) {
      return true; // reset by the peer
    }
  }
}
