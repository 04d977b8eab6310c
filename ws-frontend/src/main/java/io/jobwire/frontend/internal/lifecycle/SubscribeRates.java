package io.jobwire.frontend.internal.lifecycle;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.jobwire.frontend.Limits;
import io.jobwire.frontend.internal.connection.ClientConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscribe floods: a Resilience4j {@link RateLimiter} per connection and one per user, shared by
 * all of that user's connections (forgotten when the last one closes). Never waits: a request
 * beyond the rate is refused at once.
 */
public final class SubscribeRates {
  private final RateLimiterConfig perConnection;
  private final RateLimiterConfig perUser;
  private final Map<String, UserRate> users = new ConcurrentHashMap<>();

  private static final class UserRate {
    final RateLimiter limiter;
    int connections;

    UserRate(RateLimiter limiter) {
      this.limiter = limiter;
    }
  }

  public SubscribeRates(Limits limits) {
    this.perConnection = config(limits.subscribesPerSecondPerConnection());
    this.perUser = config(limits.subscribesPerSecondPerUser());
  }

  private static RateLimiterConfig config(int perSecond) {
    return RateLimiterConfig.custom()
        .limitForPeriod(perSecond)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  public RateLimiter forConnection(String connId) {
    return RateLimiter.of("subscribe-" + connId, perConnection);
  }

  /** A connection of {@code user} authenticated. */
  public void userJoined(String user) {
    users.compute(
        user,
        (u, rate) -> {
          UserRate r =
              rate != null ? rate : new UserRate(RateLimiter.of("subscribe-user", perUser));
          r.connections++;
          return r;
        });
  }

  /** A connection of {@code user} closed. */
  public void userLeft(String user) {
    users.computeIfPresent(user, (u, rate) -> --rate.connections <= 0 ? null : rate);
  }

  /** Null when allowed; otherwise what the client is told. */
  public String refuse(ClientConnection connection) {
    if (!connection.subscribeLimiter().acquirePermission()) {
      return "too many subscribe requests on this connection; slow down";
    }
    String user = connection.user();
    UserRate rate = user == null ? null : users.get(user);
    if (rate != null && !rate.limiter.acquirePermission()) {
      return "too many subscribe requests for user " + user + "; slow down";
    }
    return null;
  }
}
