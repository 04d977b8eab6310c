package io.jobwire.frontend.internal;

import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.auth.AdminGuard;
import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.auth.TokenEndpoint;
import io.jobwire.frontend.internal.connection.ConnectionSlots;
import io.jobwire.frontend.internal.wamp.WampRouter;
import io.jobwire.frontend.internal.web.WebRoutes;
import io.jobwire.frontend.internal.websocket.HandshakeGuard;
import io.jobwire.frontend.internal.websocket.SubprotocolCheck;
import io.jobwire.frontend.internal.websocket.WebSocketEndpoint;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.queue.TokenStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side: one Undertow server on the configured host and port (HTTPS only, with TLS) that
 * serves {@code /ws} behind the handshake checks, {@code /tokens} for the admin, and the web
 * routes. Its IO threads never block.
 */
final class WebServer {
  static final String PATH = "/ws";
  static final long CLOSE_GRACE_MILLIS = 1_000;

  private WebServer() {}

  /** Starts it; fails with what to do when the port is taken. */
  static Undertow start(
      FrontendConfig config,
      SSLContext tls,
      WebRoutes web,
      AdminGuard admin,
      TokenStore tokens,
      Authenticator authenticator,
      ConnectionSlots slots,
      WebSocketEndpoint endpoint) {
    // The client's first subprotocol that is ours wins; none asked for means jobwire.v1.
    var handshake =
        new WebSocketProtocolHandshakeHandler(
            List.of(
                new Hybi13Handshake(Set.of(ServerMessage.PROTOCOL, WampRouter.PROTOCOL), false)),
            endpoint);
    var paths =
        Handlers.path(web)
            .addExactPath(
                PATH,
                new HandshakeGuard(config, authenticator, slots, new SubprotocolCheck(handshake)));
    if (config.adminKey() != null && tokens != null && config.auth() == AuthMode.TOKEN) {
      paths.addExactPath(
          "/tokens", admin.protect(new TokenEndpoint(tokens, authenticator.handshakeExecutor())));
    }
    var builder = Undertow.builder();
    if (tls != null) {
      builder.addHttpsListener(config.port(), config.host(), tls); // no plain listener at all
    } else {
      builder.addHttpListener(config.port(), config.host());
    }
    int handshakeMillis =
        (int) Math.min(Integer.MAX_VALUE, config.limits().handshakeTimeout().toMillis());
    Undertow undertow =
        builder
            .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) CLOSE_GRACE_MILLIS)
            // Slowloris: a request (a handshake included) must arrive whole in time, and a new
            // TCP connection must start one in time; neither counts toward --max-connections.
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis)
            .setHandler(paths)
            .build();
    try {
      undertow.start();
      return undertow;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + (e.getCause() != null ? e.getCause() : e)
              + "); choose another port (0 = any free one)",
          e);
    }
  }
}
