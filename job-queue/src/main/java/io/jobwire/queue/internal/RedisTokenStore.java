package io.jobwire.queue.internal;

import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.TokenStore;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.runtime.Ids;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * {@link TokenStore} on Redis: {@code jobwire:{NS}:token:T} holds the user, with a PEXPIRE;
 * consuming is one {@code GETDEL}, so a token is honoured at most once.
 */
public final class RedisTokenStore implements TokenStore {
  private static final int TOKEN_BYTES = 16;
  private static final int MAX_TOKEN_CHARS = 256;

  private final RedisGateway redis;

  public RedisTokenStore(QueueConfig config) {
    this.redis = new RedisGateway(config);
  }

  @Override
  public String issue(String user, Duration ttl) {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("a token needs a user");
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
    }
    String token = Ids.base64Url(TOKEN_BYTES);
    String key = key(token);
    redis.call(r -> r.set(key, user, SetParams.setParams().px(ttl.toMillis()).nx()));
    return token;
  }

  @Override
  public Optional<String> consume(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    String key = key(token);
    return Optional.ofNullable(redis.call(r -> r.getDel(key)));
  }

  private String key(String token) {
    return redis.keys().token(token);
  }

  @Override
  public void close() {
    redis.close();
  }
}
