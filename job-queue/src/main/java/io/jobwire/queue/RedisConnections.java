package io.jobwire.queue;

import io.jobwire.queue.internal.RedisEndpoint;
import java.net.URI;
import java.util.LinkedHashSet;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The one place that opens Redis connections, for every module. It understands three URIs:
 *
 * <ul>
 *   <li>{@code redis://[user:password@]HOST:PORT[/DB]} and {@code rediss://…} (TLS): one server;
 *   <li>{@code redis-sentinel://[user:password@]HOST:26379,HOST:26379/MASTER_NAME[?db=N]}: the
 *       current master of {@code MASTER_NAME} as the listed sentinels say; after a failover, new
 *       connections go to the new master (Jedis' {@link RedisSentinelClient});
 *   <li>{@code redis-cluster://[user:password@]HOST:6379,HOST:6379}: a Redis Cluster found from
 *       these seed nodes (Jedis' {@link RedisClusterClient}). jobwire's keys carry a {@code {NS}}
 *       hash tag: one namespace lives in one slot (see docs/redis.md).
 * </ul>
 *
 * <pre>{@code
 * try (UnifiedJedis redis = RedisConnections.client(uri)) { redis.set("k", "v"); }
 * try (Jedis connection = RedisConnections.pubSub(uri)) { connection.subscribe(listener, channel); }
 * }</pre>
 */
public final class RedisConnections {
  private RedisConnections() {}

  /** Throws {@link IllegalArgumentException}, saying what a good URI looks like, if it is bad. */
  public static void validate(String uri) {
    RedisEndpoint.parse(uri);
  }

  /** {@code uri} with its password hidden, for logs. */
  public static String redacted(String uri) {
    return RedisEndpoint.redacted(uri);
  }

  /** A pooled, thread-safe client. Close it when done. */
  public static UnifiedJedis client(String uri) {
    RedisEndpoint endpoint = RedisEndpoint.parse(uri);
    if (endpoint.cluster()) {
      return RedisClusterClient.builder()
          .nodes(new LinkedHashSet<>(endpoint.hosts()))
          .clientConfig(masterConfig(endpoint))
          .build();
    }
    if (!endpoint.sentinel()) {
      return RedisClient.create(URI.create(uri));
    }
    return RedisSentinelClient.builder()
        .masterName(endpoint.masterName())
        .sentinels(new LinkedHashSet<>(endpoint.hosts()))
        .clientConfig(masterConfig(endpoint))
        .sentinelClientConfig(sentinelConfig())
        .build();
  }

  /**
   * One new connection of its own to the (current) master, for a pub/sub subscription: never one
   * from a pool, since a connection that was subscribed may still hold late pub/sub replies. Close
   * it when the subscription ends; open a new one to subscribe again (after a failover it reaches
   * the new master). In a Redis Cluster it is the first seed node that answers: {@code PUBLISH}
   * reaches every node of a cluster.
   *
   * @throws JedisConnectionException when no server (or no sentinel) answers
   */
  public static Jedis pubSub(String uri) {
    RedisEndpoint endpoint = RedisEndpoint.parse(uri);
    if (endpoint.cluster()) {
      return firstNode(endpoint);
    }
    if (!endpoint.sentinel()) {
      return new Jedis(URI.create(uri));
    }
    return new Jedis(master(endpoint), masterConfig(endpoint));
  }

  private static Jedis firstNode(RedisEndpoint endpoint) {
    JedisConnectionException last = null;
    for (HostAndPort node : endpoint.hosts()) {
      Jedis connection = new Jedis(node, masterConfig(endpoint));
      try {
        connection.ping();
        return connection;
      } catch (JedisConnectionException e) {
        connection.close();
        last = e;
      }
    }
    throw new JedisConnectionException(
        "no node of " + redacted(endpoint.uri()) + " answers; check the addresses", last);
  }

  /** Asks the sentinels, in order, where the master is now. */
  static HostAndPort master(RedisEndpoint endpoint) {
    JedisConnectionException last = null;
    for (HostAndPort sentinel : endpoint.hosts()) {
      try (Jedis connection = new Jedis(sentinel, sentinelConfig())) {
        var address = connection.sentinelGetMasterAddrByName(endpoint.masterName());
        if (address != null && address.size() == 2) {
          return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
        }
      } catch (JedisConnectionException e) {
        last = e;
      }
    }
    throw new JedisConnectionException(
        "no sentinel of "
            + redacted(endpoint.uri())
            + " knows master '"
            + endpoint.masterName()
            + "'; check the sentinel addresses and the master name",
        last);
  }

  // plain Jedis connections speak RESP2: no protocol negotiation (and no warning about it)
  private static JedisClientConfig sentinelConfig() {
    return DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build();
  }

  private static JedisClientConfig masterConfig(RedisEndpoint endpoint) {
    return DefaultJedisClientConfig.builder()
        .autoNegotiateProtocol(false)
        .user(endpoint.user())
        .password(endpoint.password())
        .database(endpoint.database())
        .build();
  }
}
