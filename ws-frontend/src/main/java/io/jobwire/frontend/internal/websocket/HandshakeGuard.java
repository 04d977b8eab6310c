package io.jobwire.frontend.internal.websocket;

import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.connection.ConnectionSlots;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before the WebSocket handshake: refuses a foreign {@code Origin} (403) and connections
 * beyond the limits of {@link ConnectionSlots} (503), and checks a {@code ?token=} off the IO
 * thread, leaving the {@link Authenticator.Verdict} on the exchange for the new connection.
 */
public final class HandshakeGuard implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);
  static final AttachmentKey<Authenticator.Verdict> VERDICT =
      AttachmentKey.create(Authenticator.Verdict.class);

  private final FrontendConfig config;
  private final Authenticator authenticator;
  private final ConnectionSlots slots;
  private final HttpHandler next;

  public HandshakeGuard(
      FrontendConfig config, Authenticator authenticator, ConnectionSlots slots, HttpHandler next) {
    this.config = config;
    this.authenticator = authenticator;
    this.slots = slots;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (!config.allowsOrigin(origin)) {
      log.debug("handshake from origin {} refused", origin);
      refuse(exchange, StatusCodes.FORBIDDEN, "origin not allowed: " + origin);
      return;
    }
    if (!slots.roomForAuthenticated()) {
      refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "too many connections; try again later");
      return;
    }
    Deque<String> tokens = exchange.getQueryParameters().get("token");
    if (tokens == null || tokens.isEmpty() || !authenticator.required()) {
      if (authenticator.required() && !roomToAuthenticate(exchange)) {
        return;
      }
      next.handleRequest(exchange);
      return;
    }
    String token = tokens.getFirst();
    exchange.dispatch(
        task -> {
          try {
            authenticator.handshakeExecutor().execute(task);
          } catch (RejectedExecutionException e) {
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "too many logins; try again");
          }
        },
        () -> {
          Authenticator.Verdict verdict = authenticator.checkHere(token);
          if (!verdict.ok() && !roomToAuthenticate(exchange)) {
            return;
          }
          exchange.putAttachment(VERDICT, verdict);
          try {
            next.handleRequest(exchange);
          } catch (Exception e) {
            log.warn("handshake failed after the token check: {}", e.toString());
            exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            exchange.endExchange();
          }
        });
  }

  /** With authentication on: room for one more connection still to authenticate, else 503. */
  private boolean roomToAuthenticate(HttpServerExchange exchange) {
    if (slots.roomForUnauthenticated()) {
      return true;
    }
    log.debug(
        "handshake refused: {} connections are still to authenticate", slots.unauthenticated());
    refuse(
        exchange,
        StatusCodes.SERVICE_UNAVAILABLE,
        "too many connections waiting to authenticate; try again later");
    return false;
  }

  private static void refuse(HttpServerExchange exchange, int status, String why) {
    exchange.setStatusCode(status);
    exchange.getResponseSender().send(why);
  }
}
