package io.jobwire.frontend.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.TokenStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tokens} for application backends, behind {@link AdminGuard} (header {@code
 * X-Jobwire-Admin-Key: KEY} or {@code Authorization: Bearer KEY}), body {@code
 * {"user":"alice","ttl_ms":60000}} (ttl optional); answers {@code {"token":T,"user":U,
 * "ttl_ms":N}}. The Redis write runs on {@code jobwire-auth}, never on the IO thread.
 */
public final class TokenEndpoint implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final Duration MAX_TTL = Duration.ofDays(1);

  private final TokenStore tokens;
  private final Executor executor;

  public TokenEndpoint(TokenStore tokens, Executor executor) {
    this.tokens = tokens;
    this.executor = executor;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      reply(exchange, StatusCodes.METHOD_NOT_ALLOWED, error("use POST"));
      return;
    }
    exchange
        .getRequestReceiver()
        .receiveFullString(
            (ex, body) -> {
              JsonNode json;
              try {
                json = Codec.parse(body);
              } catch (Exception e) {
                reply(ex, StatusCodes.BAD_REQUEST, error("the body must be JSON"));
                return;
              }
              String user = json.path("user").asText("");
              long ttlMs = json.path("ttl_ms").asLong(TokenStore.DEFAULT_TTL.toMillis());
              if (user.isBlank() || ttlMs < 1 || ttlMs > MAX_TTL.toMillis()) {
                reply(
                    ex,
                    StatusCodes.BAD_REQUEST,
                    error("need {\"user\": non-empty, \"ttl_ms\": 1.." + MAX_TTL.toMillis() + "}"));
                return;
              }
              issue(ex, user, ttlMs);
            },
            StandardCharsets.UTF_8);
  }

  private void issue(HttpServerExchange exchange, String user, long ttlMs) {
    try {
      exchange.dispatch(
          executor,
          () -> {
            try {
              String token = tokens.issue(user, Duration.ofMillis(ttlMs));
              var out = Codec.mapper().createObjectNode();
              out.put("token", token).put("user", user).put("ttl_ms", ttlMs);
              reply(exchange, StatusCodes.OK, Codec.encode(out));
            } catch (RuntimeException e) {
              log.warn("POST /tokens failed: {}", e.toString());
              reply(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("token store unavailable"));
            }
          });
    } catch (RejectedExecutionException e) {
      reply(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("busy; try again"));
    }
  }

  private static String error(String message) {
    return Codec.encode(Codec.mapper().createObjectNode().put("error", message));
  }

  private static void reply(HttpServerExchange exchange, int status, String json) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(json);
  }
}
