package io.jobwire.queue.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Lua script from {@code src/main/resources/io/jobwire/queue/lua}, with {@code common.lua} in
 * front of it, or a script of another module's resources ({@link #standalone(Class, String)}). This
 * is jobwire's one script loader. Read once; run by EVALSHA, falling back to EVAL (which caches it
 * in Redis) when the server does not know the script yet, e.g. after a restart.
 *
 * <p>Every script starts with a {@code #!lua} line: Redis (7.0 and later) then refuses a script
 * that touches a key outside the slot of the keys it declared, so a script cannot work across slots
 * (see {@link RedisKeys}).
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final String sha;
  private final boolean retried;

  private LuaScript(String name, String source) {
    this(name, source, true);
  }

  private LuaScript(String name, String source, boolean retried) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
    this.retried = retried;
  }

  /**
   * This script, never tried again after a dropped connection (see {@link RedisGateway}): for a
   * script that must not run twice when its reply was lost.
   */
  LuaScript withoutRetry() {
    return new LuaScript(name, source, false);
  }

  /** False for a script {@link RedisGateway} runs once only, whatever happens to its connection. */
  boolean retried() {
    return retried;
  }

  private static final String SHEBANG = "#!lua\n";

  /** A job-path script: its KEYS are one topic's keys, read by {@code common.lua}. */
  public static LuaScript load(String name) {
    return new LuaScript(name, SHEBANG + read("common.lua") + "\n" + read(name + ".lua"));
  }

  /** A job-path script that leases jobs: {@code lease.lua} between {@code common.lua} and it. */
  static LuaScript leasing(String name) {
    return load("lease", name).named(name);
  }

  LuaScript named(String name) {
    return new LuaScript(name, source, retried);
  }

  /** A script on the namespace's keys, without {@code common.lua}. */
  static LuaScript standalone(String name) {
    return new LuaScript(name, SHEBANG + read(name + ".lua"));
  }

  /**
   * A script kept in another module's resources, e.g. the front end's under {@code
   * /io/jobwire/frontend/lua}: {@code resource} is its absolute path, read through {@code owner}'s
   * class loader. It gets no {@code common.lua}.
   */
  public static LuaScript standalone(Class<?> owner, String resource) {
    String file = resource.substring(resource.lastIndexOf('/') + 1);
    String name = file.endsWith(".lua") ? file.substring(0, file.length() - 4) : file;
    return new LuaScript(name, SHEBANG + read(owner, resource));
  }

  /**
   * {@code name.lua}, then each of {@code then}, as one script after {@code common.lua}: the first
   * may define functions the others call ({@code lease.lua}), or return early or let the next run
   * (fire.lua guards enqueue.lua so).
   */
  public static LuaScript load(String name, String... then) {
    StringBuilder source = new StringBuilder(SHEBANG).append(read("common.lua"));
    source.append('\n').append(read(name + ".lua"));
    for (String file : then) {
      source.append('\n').append(read(file + ".lua"));
    }
    return new LuaScript(name, source.toString());
  }

  String name() {
    return name;
  }

  Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  /** Queues the script on a pipeline by EVALSHA; {@link #reply} reads its reply after sync. */
  Response<Object> queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
    return pipeline.evalsha(sha, keys, args);
  }

  /** The reply of a {@link #queue}d call; by EVAL when the server did not know the script. */
  Object reply(
      Response<Object> response, UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      return response.get();
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  private static String read(String file) {
    return read(LuaScript.class, "/io/jobwire/queue/lua/" + file);
  }

  private static String read(Class<?> owner, String path) {
    try (InputStream in = owner.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
