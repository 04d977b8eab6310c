package io.jobwire.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Opens the TCP connection, and TLS over it for {@code wss://} with the host name checked. */
final class Connector {
  private Connector() {}

  /** The port of {@code uri}, or the scheme's own. */
  static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
  }

  /** A connected socket whose reads time out after {@code timeout} (for the handshake). */
  static Socket open(URI uri, SSLContext tls, InetAddress localAddress, Duration timeout)
      throws IOException {
    int port = port(uri);
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      int millis = Math.toIntExact(timeout.toMillis());
      socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
      socket.setSoTimeout(millis);
      return "wss".equals(uri.getScheme()) ? secure(socket, uri.getHost(), port, tls) : socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket secure(Socket plain, String host, int port, SSLContext tls)
      throws IOException {
    SSLContext context = tls;
    if (context == null) {
      try {
        context = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("no default TLS context in this JDK", e);
      }
    }
    var ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    var parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return ssl;
  }
}
