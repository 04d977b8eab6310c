package io.jobwire.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A hand-written HTTP upgrade on a raw TCP socket, for what no well-behaved WebSocket client does:
 * reading the raw 101 answer, staying silent to pings, writing invalid frames by hand.
 */
final class RawHandshake implements AutoCloseable {
  private final Socket socket;
  private final String statusLine;
  private final java.util.List<String> headers = new java.util.ArrayList<>();

  RawHandshake(int port, String origin) throws IOException {
    this(port, origin, "");
  }

  /** {@code query} is appended to {@code /ws} as is, e.g. {@code ?token=…}. */
  RawHandshake(int port, String origin, String query) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
    String request =
        "GET /ws"
            + query
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    statusLine = readLine(socket.getInputStream());
    for (String line = readLine(socket.getInputStream());
        !line.isEmpty();
        line = readLine(socket.getInputStream())) {
      headers.add(line);
    }
  }

  /** The response's header lines, as sent. */
  java.util.List<String> headers() {
    return headers;
  }

  /** The upgraded connection, for frames written by hand. */
  Socket socket() {
    return socket;
  }

  /** The HTTP status code of the answer (101 = upgraded). */
  int status() {
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  /** True once the server closed the TCP connection (reads hit end of stream). */
  boolean closedByServer() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
