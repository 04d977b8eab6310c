package io.jobwire.launcher.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Redis's own counters, as the {@code redis-cost} bench reads them: INFO commandstats (without this
 * reader's own INFO, CONFIG, SCAN, MEMORY and DBSIZE), used_memory, MEMORY USAGE of keys.
 */
final class RedisCounters implements AutoCloseable {
  /** Commands this reader sends itself, left out of the counts. */
  private static final String[] OWN = {"info", "config", "scan", "memory", "dbsize", "ping"};

  private final RedisClient redis;

  private RedisCounters(RedisClient redis) {
    this.redis = redis;
  }

  static RedisCounters connect(String uri) {
    return new RedisCounters(RedisClient.create(URI.create(uri)));
  }

  void resetStats() {
    command("CONFIG", "RESETSTAT");
  }

  long usedMemory() {
    for (String line : info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  /** Calls per command since the last reset, commands run by scripts included. */
  Map<String, Long> commandCalls() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      if (isOwn(name)) {
        continue;
      }
      int at = line.indexOf("calls=") + "calls=".length();
      calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
    }
    return calls;
  }

  private static boolean isOwn(String name) {
    for (String own : OWN) {
      if (name.equals(own) || name.startsWith(own + "|")) {
        return true;
      }
    }
    return false;
  }

  /** Waits until the command counts stop moving for half a second: the last writes are in. */
  void awaitQuiet() throws InterruptedException {
    Map<String, Long> before = commandCalls();
    for (int i = 0; i < 20; i++) {
      TimeUnit.MILLISECONDS.sleep(500); // another process's writes: nothing to be woken by
      Map<String, Long> now = commandCalls();
      if (now.equals(before)) {
        return;
      }
      before = now;
    }
  }

  /** Commands per second while nothing runs: the parts' own timers. */
  double idleRate(int seconds, Progress progress) throws InterruptedException {
    progress.show(() -> "redis-cost: measuring an idle system for " + seconds + " s");
    resetStats();
    long from = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds); // measuring a span of time, not waiting for an event
    long calls = commandCalls().values().stream().mapToLong(Long::longValue).sum();
    return calls / ((System.nanoTime() - from) / 1e9);
  }

  /** Waits until no key matches {@code pattern} (their TTLs or the front end's release). */
  void awaitGone(String pattern, int timeoutSeconds, Progress progress)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long left = count(pattern);
    progress.show(() -> "redis-cost: waiting for subscription state to expire");
    while (left > 0) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            left + " keys " + pattern + " still in Redis after " + timeoutSeconds + " s");
      }
      TimeUnit.SECONDS.sleep(1); // expiry in another process: nothing to be woken by
      left = count(pattern);
    }
  }

  /** Sum of MEMORY USAGE (exact: SAMPLES 0) over the keys matching {@code pattern}. */
  long memoryUsage(String pattern) {
    long bytes = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    var params = new ScanParams().match(pattern).count(1000);
    do {
      var page = redis.scan(cursor, params);
      for (String key : page.getResult()) {
        Long used = (Long) command("MEMORY", "USAGE", key, "SAMPLES", "0");
        bytes += used == null ? 0 : used;
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return bytes;
  }

  private long count(String pattern) {
    long keys = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    var params = new ScanParams().match(pattern).count(1000);
    do {
      var page = redis.scan(cursor, params);
      keys += page.getResult().size();
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  private String info(String section) {
    return SafeEncoder.encode((byte[]) command("INFO", section));
  }

  private Object command(String name, String... args) {
    return redis.sendCommand(() -> SafeEncoder.encode(name), args);
  }

  @Override
  public void close() {
    redis.close();
  }
}
