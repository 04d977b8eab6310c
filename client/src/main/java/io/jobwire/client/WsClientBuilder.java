package io.jobwire.client;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How a {@link WsClient} connects: subprotocols, headers, TLS, source address, where messages go.
 */
public final class WsClientBuilder {
  private final URI uri;
  private final List<String> subprotocols = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private SSLContext tls;
  private InetAddress localAddress;
  private Duration connectTimeout = WsClient.DEFAULT_CONNECT_TIMEOUT;
  private Consumer<String> onText;
  private boolean reading = true;
  private boolean virtualThread;
  private int maxMessageBytes = WsClient.DEFAULT_MAX_MESSAGE_BYTES;

  WsClientBuilder(URI uri) {
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://: " + uri);
    }
    this.uri = uri;
  }

  /** Subprotocols to offer, in order of preference. */
  public WsClientBuilder subprotocols(String... names) {
    subprotocols.addAll(List.of(names));
    return this;
  }

  /** One more header on the upgrade request, e.g. {@code Origin} or {@code Authorization}. */
  public WsClientBuilder header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Trusts {@code context} for {@code wss://} (null = the JDK's default CAs). */
  public WsClientBuilder tls(SSLContext context) {
    this.tls = context;
    return this;
  }

  /** Connects from this local address (e.g. 127.0.0.2 to get more source ports). */
  public WsClientBuilder localAddress(InetAddress address) {
    this.localAddress = address;
    return this;
  }

  public WsClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * Hands every text message to {@code callback} on the reader thread instead of queueing it (the
   * benchmarks: no hand-off between threads). {@link #next} then has nothing to return.
   */
  public WsClientBuilder onText(Consumer<String> callback) {
    this.onText = callback;
    return this;
  }

  /** Never reads what the server sends (a stalled browser tab): no reader thread. */
  public WsClientBuilder notReading() {
    this.reading = false;
    return this;
  }

  /** Reads on a virtual thread (thousands of idle connections) rather than a platform one. */
  public WsClientBuilder virtualThread() {
    this.virtualThread = true;
    return this;
  }

  public WsClientBuilder maxMessageBytes(int bytes) {
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
    Socket socket = null;
    try {
      socket = Connector.open(uri, tls, localAddress, connectTimeout);
      var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
      int port = Connector.port(uri);
      String chosen =
          Handshake.upgrade(socket.getOutputStream(), in, uri, port, subprotocols, headers);
      socket.setSoTimeout(0);
      var client = new WsClient(uri.toString(), socket, in, chosen, onText, maxMessageBytes);
      if (reading) {
        (virtualThread ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true))
            .name("ws-client " + uri.getHost() + ":" + port)
            .start(client::read);
      }
      return client;
    } catch (IOException e) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
    }
  }
}
