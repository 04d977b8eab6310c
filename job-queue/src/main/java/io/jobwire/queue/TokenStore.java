package io.jobwire.queue;

import io.jobwire.queue.internal.RedisTokenStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Single-use connect tokens in Redis: an application backend (or {@code jobwire token issue})
 * issues a random token for a user; a front end consumes it once, atomically, when a client
 * presents it. A replayed or expired token is simply unknown.
 *
 * <p>Every call blocks on Redis: call it from a thread of your own, never from an event loop.
 * Implementations are thread-safe.
 */
public interface TokenStore extends AutoCloseable {

  /** The lifetime of a token when the caller names none. */
  Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /** Tokens on the Redis at {@code redisUri}, in the default namespace. */
  static TokenStore redis(String redisUri) {
    return redis(QueueConfig.builder().redisUri(redisUri).build());
  }

  /** Tokens on the Redis and namespace of {@code config}. */
  static TokenStore redis(QueueConfig config) {
    return new RedisTokenStore(config);
  }

  /**
   * Stores a new random token (128 bits from a CSPRNG, URL-safe base64) for {@code user}, valid for
   * {@code ttl}, and returns it.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  String issue(String user, Duration ttl);

  /**
   * Deletes the token and returns its user, in one atomic step: of two concurrent calls with the
   * same token, at most one sees the user. Empty when the token is unknown, expired or used.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  Optional<String> consume(String token);

  @Override
  void close();
}
