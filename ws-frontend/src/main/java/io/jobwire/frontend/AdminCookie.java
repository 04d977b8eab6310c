package io.jobwire.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * The cookie a browser gets for the dashboard after opening it once with {@code ?key=}: it holds
 * its expiry and an HMAC (keyed by the admin key) of that expiry and {@code epoch}, never the key.
 *
 * @param ttl how long a cookie is good for
 * @param epoch a number mixed into every cookie: raise it (on every front end) to revoke all
 *     cookies given out so far; rotating the admin key does too
 */
public record AdminCookie(Duration ttl, long epoch) {
  public static final Duration DEFAULT_TTL = Duration.ofHours(12);
  public static final AdminCookie DEFAULTS = new AdminCookie(DEFAULT_TTL, 0);

  public AdminCookie {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.toSeconds() < 60 || ttl.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("the admin cookie ttl must be 1 minute..30 days");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("the admin cookie epoch must be >= 0");
    }
  }
}
