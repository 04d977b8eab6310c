package io.jobwire.frontend;

import io.jobwire.queue.RedisConnections;
import java.util.Objects;

/**
 * How a front end shares its work with the other front ends on the same Redis.
 *
 * @param redisUri the Redis shared by every front end (as the job queue's: {@code
 *     redis://HOST:PORT}, Sentinel or Cluster, see {@code RedisConnections}); null = this front end
 *     is alone: {@code publish} reaches only its own subscribers and everything is kept in memory
 * @param namespace the queue's key namespace (the same as the job queue's)
 * @param history where subscription state and resume history live: {@link History#REDIS} lets a
 *     client resume on any front end; {@link History#MEMORY} only on the one it used (a single
 *     node, benchmarks)
 */
public record ClusterConfig(String redisUri, String namespace, History history) {
  public static final String DEFAULT_NAMESPACE = "main";
  public static final History DEFAULT_HISTORY = History.MEMORY;

  /** Where a subscription's state and resume history are kept. */
  public enum History {
    MEMORY,
    REDIS
  }

  public ClusterConfig {
    Objects.requireNonNull(history, "history");
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
    if (namespace.isBlank() || namespace.matches(".*[{}\\s].*")) {
      throw new IllegalArgumentException("namespace must be a word without braces or spaces");
    }
    if (redisUri != null) {
      RedisConnections.validate(
          redisUri); // redis://, rediss://, redis-sentinel://, redis-cluster://
    }
    if (history == History.REDIS && redisUri == null) {
      throw new IllegalArgumentException("history redis needs a redisUri");
    }
  }

  /** Alone: no Redis, history in memory. */
  public static ClusterConfig off() {
    return new ClusterConfig(null, DEFAULT_NAMESPACE, DEFAULT_HISTORY);
  }

  /** Shares publish, subscription state and history with every front end on {@code redisUri}. */
  public static ClusterConfig redis(String redisUri) {
    return new ClusterConfig(redisUri, DEFAULT_NAMESPACE, History.REDIS);
  }

  /** True when other front ends are reached through Redis. */
  public boolean enabled() {
    return redisUri != null;
  }

  public ClusterConfig withHistory(History value) {
    return new ClusterConfig(redisUri, namespace, value);
  }

  public ClusterConfig withNamespace(String value) {
    return new ClusterConfig(redisUri, value, history);
  }
}
