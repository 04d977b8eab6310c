package io.jobwire.frontend.internal;

import io.jobwire.protocol.ServerMessage;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up each new WebSocket connection: who it is, {@code welcome}, its frame listener. */
final class WebSocketEndpoint implements WebSocketConnectionCallback {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

  private final Authenticator authenticator;
  private final RequestHandler handler;
  private final Subscriptions subscriptions;
  private final Set<ClientConnection> connections;
  private final int maxFrameBytes;

  WebSocketEndpoint(
      Authenticator authenticator,
      RequestHandler handler,
      Subscriptions subscriptions,
      Set<ClientConnection> connections,
      int maxFrameBytes) {
    this.authenticator = authenticator;
    this.handler = handler;
    this.subscriptions = subscriptions;
    this.connections = connections;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void onConnect(WebSocketHttpExchange handshake, WebSocketChannel channel) {
    String id = Ids.connection();
    String user = authenticator.userAtConnect(handshake);
    ClientConnection connection = new ClientConnection(id, user, new UndertowOutbound(channel, id));
    connections.add(connection);
    channel.addCloseTask(closed -> onClose(connection));
    // welcome is queued before reads start, so it is the first frame the client sees.
    connection.send(new ServerMessage.Welcome(id, user));
    channel.getReceiveSetter().set(new FrameListener(connection, handler, maxFrameBytes));
    channel.resumeReceives();
    log.debug("{} open from {} user={}", connection, channel.getPeerAddress(), user);
  }

  private void onClose(ClientConnection connection) {
    connections.remove(connection);
    try {
      subscriptions.connectionClosed(connection);
    } catch (RuntimeException e) {
      log.error("{} bug while ending its subscriptions", connection, e);
    }
    log.debug("{} closed", connection);
  }
}
