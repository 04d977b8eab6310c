package io.jobwire.broker.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed Redis URI: {@code redis://}, {@code rediss://} (one server) or {@code
 * redis-sentinel://[user:password@]host1:26379,host2:26379/MASTER_NAME[?db=N]} (a master found
 * through Sentinel). The user and password are the master's; the sentinels are reached without.
 *
 * @param uri the URI as given
 * @param sentinels the sentinel addresses; empty for a single server
 * @param masterName the Sentinel master name; null for a single server
 * @param user the user, or null
 * @param password the password, or null
 * @param database the database number
 */
public record RedisEndpoint(
    String uri,
    List<HostAndPort> sentinels,
    String masterName,
    String user,
    String password,
    int database) {

  public static final String SENTINEL_SCHEME = "redis-sentinel://";
  static final int DEFAULT_SENTINEL_PORT = 26379;

  public RedisEndpoint {
    sentinels = List.copyOf(sentinels);
  }

  public boolean sentinel() {
    return masterName != null;
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
    if (!uri.startsWith(SENTINEL_SCHEME)) {
      throw bad(uri, "unknown scheme");
    }
    String rest = uri.substring(SENTINEL_SCHEME.length());
    int query = rest.indexOf('?');
    int database = query < 0 ? 0 : database(uri, rest.substring(query + 1));
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw bad(uri, "no master name after the hosts");
    }
    String master = decode(rest.substring(slash + 1));
    String authority = rest.substring(0, slash);
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
    List<HostAndPort> sentinels = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      sentinels.add(hostAndPort(uri, hostPort.trim()));
    }
    return new RedisEndpoint(uri, sentinels, master, user, password, database);
  }

  /** The URI without its password, for logs and error messages. */
  public static String redacted(String uri) {
    if (uri == null) {
      return null;
    }
    return uri.replaceFirst("^([a-z-]+://)([^@/]*:)?[^@/:]*@", "$1$2***@");
  }

  private static HostAndPort hostAndPort(String uri, String text) {
    if (text.isEmpty()) {
      throw bad(uri, "an empty sentinel address");
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new HostAndPort(text, DEFAULT_SENTINEL_PORT);
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
            + " redis-sentinel://[user:password@]HOST:26379,HOST:26379/MASTER_NAME[?db=N]");
  }
}
