package io.jobwire.frontend.internal.websocket;

import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.Limits;
import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.ConnectionSlots;
import io.jobwire.frontend.internal.connection.FrameListener;
import io.jobwire.frontend.internal.connection.UndertowOutbound;
import io.jobwire.frontend.internal.lifecycle.SubscribeRates;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.metrics.Counters;
import io.jobwire.frontend.internal.requests.RequestHandler;
import io.jobwire.frontend.internal.wamp.WampRouter;
import io.jobwire.frontend.internal.wamp.WampSession;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.runtime.Ids;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up each new WebSocket connection: who it is (the {@code ?token=} verdict left by {@link
 * HandshakeGuard}), which subprotocol it speaks ({@code jobwire.v1}, or {@code wamp.2.json} through
 * a {@link WampSession}), {@code welcome}, its limits, its frame listener.
 */
public final class WebSocketEndpoint implements WebSocketConnectionCallback {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

  private final FrontendConfig config;
  private final RequestHandler handler;
  private final Subscriptions subscriptions;
  private final SubscribeRates rates;
  private final ConnectionSlots slots;
  private final boolean authRequired;
  private final Counters counters;
  private final WampRouter wamp;

  public WebSocketEndpoint(
      FrontendConfig config,
      RequestHandler handler,
      Subscriptions subscriptions,
      SubscribeRates rates,
      ConnectionSlots slots,
      boolean authRequired,
      Counters counters,
      WampRouter wamp) {
    this.wamp = wamp;
    this.slots = slots;
    this.authRequired = authRequired;
    this.config = config;
    this.handler = handler;
    this.subscriptions = subscriptions;
    this.rates = rates;
    this.counters = counters;
  }

  @Override
  public void onConnect(WebSocketHttpExchange handshake, WebSocketChannel channel) {
    String id = Ids.connection();
    Authenticator.Verdict verdict = handshake.getAttachment(HandshakeGuard.VERDICT);
    String user = verdict != null && verdict.ok() ? verdict.user() : null;
    var outbound =
        new UndertowOutbound(
            channel, id, config.limits(), counters.slowClientsDisconnected::increment);
    WampSession session =
        WampRouter.PROTOCOL.equals(channel.getSubProtocol())
            ? new WampSession(wamp, channel.getIoThread())
            : null;
    ClientConnection connection =
        new ClientConnection(
            id,
            user,
            outbound,
            authRequired,
            session == null ? ClientConnection.Dialect.JOBWIRE_V1 : session,
            rates.forConnection(id));
    if (user != null) {
      rates.userJoined(user);
    }
    slots.opened(connection);
    channel.addCloseTask(closed -> onClose(connection, session));
    if (connection.awaitingAuth()) {
      long deadline = config.limits().authTimeout().toMillis();
      channel
          .getIoThread()
          .executeAfter(
              () -> {
                if (connection.awaitingAuth()) {
                  log.debug("{} not authenticated within {} ms; closing", connection, deadline);
                  connection.close(
                      Limits.CLOSE_SLOW_CLIENT, "not authenticated within " + deadline + " ms");
                }
              },
              deadline,
              TimeUnit.MILLISECONDS);
    }
    // welcome is queued before reads start, so it is the first frame the client sees (a WAMP
    // client sees nothing: its session opens with HELLO).
    connection.send(new ServerMessage.Welcome(id, user));
    if (verdict != null && !verdict.ok()) {
      connection.send(new ServerMessage.Error(null, verdict.code(), verdict.message()));
    }
    FrameListener.TextHandler texts = session != null ? session : handler::handleText;
    channel.getReceiveSetter().set(new FrameListener(connection, texts, config.maxFrameBytes()));
    channel.resumeReceives();
    log.debug(
        "{} open from {} user={} protocol={}",
        connection,
        channel.getPeerAddress(),
        user,
        session != null ? WampRouter.PROTOCOL : ServerMessage.PROTOCOL);
  }

  private void onClose(ClientConnection connection, WampSession session) {
    slots.closed(connection);
    if (session != null) {
      session.closed(connection);
    }
    if (connection.user() != null) {
      rates.userLeft(connection.user());
    }
    try {
      subscriptions.connectionClosed(connection);
    } catch (RuntimeException e) {
      log.error("{} bug while ending its subscriptions", connection, e);
    }
    log.debug("{} closed", connection);
  }
}
