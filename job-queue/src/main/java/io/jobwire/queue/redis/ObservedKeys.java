package io.jobwire.queue.redis;

/**
 * Redis keys that processes publish about themselves, next to {@link RedisKeys}' job keys:
 *
 * <pre>
 * jobwire:{NS}:workers    HASH  worker id → JSON {id, topics, capacity, busy, last_seen, broker,
 *                               updated}; written by the worker's broker at most once a second
 * jobwire:{NS}:brokers    HASH  broker id → JSON counters (see MonitorSnapshot.BrokerInfo)
 * jobwire:{NS}:frontends  HASH  front end id → JSON counters (see MonitorSnapshot.FrontendInfo)
 * </pre>
 *
 * Every record has {@code updated} (epoch ms, wall clock); readers skip records older than {@code
 * Monitor.FRESH_MILLIS}, and each hash expires when nobody has written it for a minute.
 */
public final class ObservedKeys {
  public static final long EXPIRE_MILLIS = 60_000;

  private ObservedKeys() {}

  public static String workers(RedisKeys keys) {
    return keys.prefix() + "workers";
  }

  public static String brokers(RedisKeys keys) {
    return keys.prefix() + "brokers";
  }

  public static String frontends(RedisKeys keys) {
    return keys.prefix() + "frontends";
  }
}
