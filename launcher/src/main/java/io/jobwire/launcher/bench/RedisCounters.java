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
  private static final String[] OWN = {
    "info", "config", "scan", "memory", "dbsize", "ping", "slowlog"
  };

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

  /** INFO memory's used_memory, and its used_memory_dataset (without clients, scripts, dicts). */
  record Memory(long used, long dataset) {}

  /**
   * INFO memory, after SLOWLOG RESET: the slow log keeps the arguments of up to 128 slow commands
   * (a busy turn's script call), memory that has nothing to do with what jobs keep.
   */
  Memory memory() {
    command("SLOWLOG", "RESET");
    long used = -1;
    long dataset = -1;
    for (String line : info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        used = Long.parseLong(line.substring("used_memory:".length()).trim());
      } else if (line.startsWith("used_memory_dataset:")) {
        dataset = Long.parseLong(line.substring("used_memory_dataset:".length()).trim());
      }
    }
    if (used < 0 || dataset < 0) {
      throw new IllegalStateException("no used_memory or used_memory_dataset in INFO memory");
    }
    return new Memory(used, dataset);
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

  /**
   * Deletes the keys matching {@code pattern} and returns {used_memory freed, keys deleted}: what
   * they really cost, dictionary entries, expiries and allocator rounding included. Only for a
   * Redis of the bench's own.
   */
  long[] freedByDeleting(String pattern) {
    long before = memory().used();
    long keys = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    var params = new ScanParams().match(pattern).count(1000);
    do {
      var page = redis.scan(cursor, params);
      if (!page.getResult().isEmpty()) {
        keys += redis.del(page.getResult().toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return new long[] {before - memory().used(), keys};
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
