package io.jobwire.frontend.internal.auth;

import io.jobwire.frontend.AdminCookie;
import io.micrometer.core.instrument.Counter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request reach an admin endpoint ({@code /tokens}, the dashboard) only with the admin key:
 * header {@code X-Jobwire-Admin-Key: K} or {@code Authorization: Bearer K}, or the cookie a browser
 * got by opening an admin page with {@code ?key=K} once (HttpOnly, SameSite=Strict, Secure under
 * TLS). The cookie holds its expiry and an HMAC, keyed by the admin key, of that expiry and the
 * configured epoch ({@link AdminCookie}): it expires, and raising the epoch or rotating the key
 * revokes every cookie given out. Keys are compared as SHA-256 digests in constant time. Without a
 * configured key admin endpoints are open on a loopback bind (the demo) and refused (403) on any
 * other.
 */
public final class AdminGuard {
  private static final Logger log = LoggerFactory.getLogger(AdminGuard.class);
  static final HttpString ADMIN_KEY = HttpString.tryFromString("X-Jobwire-Admin-Key");
  static final String COOKIE = "jobwire_admin";

  private final byte[] keyDigest;
  private final SecretKeySpec cookieKey;
  private final AdminCookie cookie;
  private final Clock clock;
  private final boolean loopback;
  private final boolean secure;
  private final Counter denied;

  /** {@code key} null = none configured; {@code secure} = served over TLS. */
  public AdminGuard(
      String key, AdminCookie cookie, Clock clock, String host, boolean secure, Counter denied) {
    this.keyDigest = key == null ? null : sha256(key);
    this.cookieKey =
        key == null ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.cookie = cookie;
    this.clock = clock;
    this.loopback = isLoopback(host);
    this.secure = secure;
    this.denied = denied;
  }

  /** {@code next} behind the key. */
  public HttpHandler protect(HttpHandler next) {
    return exchange -> {
      if (admits(exchange)) {
        next.handleRequest(exchange);
      }
    };
  }

  /** True when the request may go on; otherwise it has been answered (401, 403 or a redirect). */
  public boolean admits(HttpServerExchange exchange) {
    if (keyDigest == null) {
      if (loopback) {
        return true;
      }
      refuse(
          exchange,
          StatusCodes.FORBIDDEN,
          "admin endpoints are off on a non-loopback address; start the front end with"
              + " --admin-key KEY (env JOBWIRE_ADMIN_KEY)");
      return false;
    }
    Deque<String> query = exchange.getQueryParameters().get("key");
    if (query != null && matches(query.getFirst())) {
      rememberAndRedirect(exchange);
      return false;
    }
    if (query == null && (matches(presentedKey(exchange)) || hasCookie(exchange))) {
      return true;
    }
    refuse(
        exchange,
        StatusCodes.UNAUTHORIZED,
        "missing or wrong admin key; send header X-Jobwire-Admin-Key: KEY or Authorization:"
            + " Bearer KEY, or open the page once with ?key=KEY");
    return false;
  }

  private static String presentedKey(HttpServerExchange exchange) {
    String key = exchange.getRequestHeaders().getFirst(ADMIN_KEY);
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (key == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).strip();
    }
    return key;
  }

  private boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(keyDigest, sha256(presented));
  }

  private boolean hasCookie(HttpServerExchange exchange) {
    Cookie presented = exchange.getRequestCookie(COOKIE);
    if (presented == null) {
      return false;
    }
    String value = presented.getValue();
    int dot = value.indexOf('.');
    long expires;
    try {
      expires = Long.parseLong(value.substring(0, Math.max(dot, 0)));
    } catch (NumberFormatException e) {
      return false;
    }
    return clock.millis() / 1000 < expires
        && MessageDigest.isEqual(
            cookieValue(expires).getBytes(StandardCharsets.US_ASCII),
            value.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code EXPIRES.TAG}: the expiry in epoch seconds and the HMAC of expiry and epoch. */
  private String cookieValue(long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cookieKey);
      byte[] tag =
          mac.doFinal(
              ("jobwire admin cookie|" + cookie.epoch() + "|" + expires)
                  .getBytes(StandardCharsets.US_ASCII));
      return expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  /** Sets the cookie and sends the browser to the same URL without {@code key}. */
  private void rememberAndRedirect(HttpServerExchange exchange) {
    long expires = clock.millis() / 1000 + cookie.ttl().toSeconds();
    exchange.setResponseCookie(
        new CookieImpl(COOKIE, cookieValue(expires))
            .setMaxAge((int) cookie.ttl().toSeconds())
            .setPath("/")
            .setHttpOnly(true)
            .setSameSiteMode("Strict")
            .setSecure(secure));
    String rest =
        Arrays.stream(exchange.getQueryString().split("&"))
            .filter(pair -> !pair.isEmpty() && !pair.startsWith("key="))
            .collect(Collectors.joining("&"));
    exchange.setStatusCode(StatusCodes.SEE_OTHER);
    exchange
        .getResponseHeaders()
        .put(Headers.LOCATION, exchange.getRequestPath() + (rest.isEmpty() ? "" : "?" + rest));
    exchange.endExchange();
  }

  private void refuse(HttpServerExchange exchange, int status, String message) {
    denied.increment();
    log.debug(
        "admin request {} {} from {} refused ({})",
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        exchange.getSourceAddress(),
        status);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send("{\"error\":\"" + message + "\"}");
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
