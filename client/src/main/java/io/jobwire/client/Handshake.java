package io.jobwire.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade of RFC 6455 section 4, written and checked by hand. */
final class Handshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Handshake() {}

  /** Upgrades the connection; returns the subprotocol the server chose ("" for none). */
  static String upgrade(
      OutputStream out,
      InputStream in,
      URI uri,
      int port,
      List<String> subprotocols,
      Map<String, String> headers)
      throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    var request = new StringBuilder();
    request.append("GET ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n");
    request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    request.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    request.append("Sec-WebSocket-Version: 13\r\n");
    if (!subprotocols.isEmpty()) {
      request.append("Sec-WebSocket-Protocol: ");
      request.append(String.join(", ", subprotocols)).append("\r\n");
    }
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();

    String status = line(in);
    List<String> answer = new ArrayList<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      answer.add(header);
    }
    String[] parts = status.split(" ");
    int code = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
    if (code != 101) {
      throw new HandshakeRefusedException(uri.toString(), code, answer);
    }
    String accept = header(answer, "Sec-WebSocket-Accept");
    if (!expectedAccept(key).equals(accept)) {
      throw new IOException("handshake answered with a wrong Sec-WebSocket-Accept: " + accept);
    }
    String chosen = header(answer, "Sec-WebSocket-Protocol");
    if (chosen != null && !subprotocols.contains(chosen)) {
      throw new IOException("the server chose a subprotocol not offered: " + chosen);
    }
    return chosen == null ? "" : chosen;
  }

  private static String header(List<String> lines, String name) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
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

  private static String line(InputStream in) throws IOException {
    var line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed during the WebSocket handshake");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
