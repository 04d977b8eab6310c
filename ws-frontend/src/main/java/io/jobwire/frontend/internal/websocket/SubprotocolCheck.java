package io.jobwire.frontend.internal.websocket;

import io.jobwire.frontend.internal.wamp.WampRouter;
import io.jobwire.protocol.ServerMessage;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Arrays;

/**
 * Refuses a WebSocket handshake that asks only for subprotocols other than {@code jobwire.v1} and
 * {@code wamp.2.json}; no subprotocol header at all is fine (that is {@code jobwire.v1}).
 */
public final class SubprotocolCheck implements HttpHandler {
  private final HttpHandler next;

  public SubprotocolCheck(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderValues requested = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL);
    if (requested != null && requested.stream().noneMatch(SubprotocolCheck::offersOurs)) {
      exchange.setStatusCode(StatusCodes.BAD_REQUEST);
      exchange
          .getResponseSender()
          .send(
              "this endpoint speaks the WebSocket subprotocols "
                  + ServerMessage.PROTOCOL
                  + " and "
                  + WampRouter.PROTOCOL);
      return;
    }
    // Undertow's 101 echoes the request URL, ?token= included, into Sec-WebSocket-Location (a
    // hixie-76 leftover no client reads): the token would leak into response logs.
    exchange.addResponseCommitListener(
        committed -> committed.getResponseHeaders().remove(Headers.SEC_WEB_SOCKET_LOCATION));
    next.handleRequest(exchange);
  }

  private static boolean offersOurs(String header) {
    return Arrays.stream(header.split(","))
        .map(String::trim)
        .anyMatch(p -> p.equals(ServerMessage.PROTOCOL) || p.equals(WampRouter.PROTOCOL));
  }
}
