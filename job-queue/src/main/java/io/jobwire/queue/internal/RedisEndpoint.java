package io.jobwire.queue.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed Redis URI: {@code redis://}, {@code rediss://} (one server), {@code
 * redis-sentinel://[user:password@]host1:26379,host2:26379/MASTER_NAME[?db=N]} (a master found
 * through Sentinel; the user and password are the master's, the sentinels are reached without) or
 * {@code redis-cluster://[user:password@]host1:6379,host2:6379} (Redis Cluster seed nodes).
 *
 * @param uri the URI as given
 * @param hosts the sentinel addresses, or the cluster seed nodes; empty for a single server
 * @param masterName the Sentinel master name; null unless Sentinel
 * @param user the user, or null
 * @param password the password, or null
 * @param database the database number
 */
public record RedisEndpoint(
    String uri,
    List<HostAndPort> hosts,
    String masterName,
    String user,
    String password,
    int database) {

  public static final String SENTINEL_SCHEME = "redis-sentinel://";
  public static final String CLUSTER_SCHEME = "redis-cluster://";
  static final int DEFAULT_SENTINEL_PORT = 26379;
  static final int DEFAULT_PORT = 6379;

  public RedisEndpoint {
    hosts = List.copyOf(hosts);
  }

  public boolean sentinel() {
    return masterName != null;
  }

  public boolean cluster() {
    return masterName == null && !hosts.isEmpty();
  }

  /** Parses and checks {@code uri}; the message says what a good one looks like. */
  public static RedisEndpoint parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("the Redis URI must not be null");
    }
    if (uri.startsWith("redis://") || uri.startsWith("rediss://")) {
      URI parsed;
      try {
        parsed = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw bad(uri, e.getMessage());
      }
      if (parsed.getHost() == null) {
        throw bad(uri, "no host");
      }
      return new RedisEndpoint(uri, List.of(), null, null, null, 0);
    }
    boolean sentinel = uri.startsWith(SENTINEL_SCHEME);
    if (!sentinel && !uri.startsWith(CLUSTER_SCHEME)) {
      throw bad(uri, "unknown scheme");
    }
    String rest = uri.substring((sentinel ? SENTINEL_SCHEME : CLUSTER_SCHEME).length());
    int query = rest.indexOf('?');
    int database = query < 0 ? 0 : database(uri, rest.substring(query + 1));
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String master = null;
    if (sentinel) {
      if (slash < 0 || slash == rest.length() - 1) {
        throw bad(uri, "no master name after the hosts");
      }
      master = decode(rest.substring(slash + 1));
    } else if (slash >= 0 && slash != rest.length() - 1) {
      throw bad(uri, "a cluster has no master name or database");
    }
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      if (colon < 0) {
        password = decode(info);
      } else {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
    }
    if (!sentinel && database != 0) {
      throw bad(uri, "Redis Cluster has database 0 only");
    }
    List<HostAndPort> hosts = new ArrayList<>();
    int defaultPort = sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    for (String hostPort : authority.split(",")) {
      hosts.add(hostAndPort(uri, hostPort.trim(), defaultPort));
    }
    return new RedisEndpoint(uri, hosts, master, user, password, database);
  }

  /** The URI without its password, for logs and error messages. */
  public static String redacted(String uri) {
    if (uri == null) {
      return null;
    }
    return uri.replaceFirst("^([a-z-]+://)([^@/]*:)?[^@/:]*@", "$1$2***@");
  }

  private static HostAndPort hostAndPort(String uri, String text, int defaultPort) {
    if (text.isEmpty()) {
      throw bad(uri, "an empty host address");
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new HostAndPort(text, defaultPort);
    }
    try {
      return new HostAndPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw bad(uri, "bad port in '" + text + "'");
    }
  }

  private static int database(String uri, String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("db=")) {
        try {
          return Integer.parseInt(pair.substring(3));
        } catch (NumberFormatException e) {
          throw bad(uri, "db must be a number");
        }
      }
    }
    return 0;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(String uri, String why) {
    return new IllegalArgumentException(
        "bad Redis URI '"
            + redacted(uri)
            + "' ("
            + why
            + "); use redis://HOST:PORT, rediss://HOST:PORT or"
            + " redis-sentinel://[user:password@]HOST:26379,HOST:26379/MASTER_NAME[?db=N] or"
            + " redis-cluster://[user:password@]HOST:6379,HOST:6379");
  }
}
