package io.jobwire.queue.internal;

import io.jobwire.queue.LayoutUpgrade.Report;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import redis.clients.jedis.params.ScanParams;

/**
 * {@link io.jobwire.queue.LayoutUpgrade}: reads the earlier layout's keys ({@code
 * jobwire:{NS}:job:ID}, {@code queue:TOPIC}, {@code inflight}, {@code delayed}, {@code deadlines},
 * {@code dead}, {@code unique:TOPIC:K}, {@code topics}, {@code seq}) and writes each job into its
 * topic's keys; then the topics' other state ({@link TopicStateMigration}). Per job, the new record
 * and set entries are written before the old record is deleted, so a run cut short leaves every job
 * in one layout or both, and the next run finishes it.
 */
public final class LayoutMigration implements AutoCloseable {
  private static final int PROGRESS_EVERY = 1000;
  private static final long LIVE_MILLIS = 5000;

  private final RedisGateway redis;
  private final boolean dryRun;
  private final Consumer<String> progress;
  private final RedisKeys.EarlierLayout old;

  public LayoutMigration(QueueConfig config, boolean dryRun, Consumer<String> progress) {
    this.redis = new RedisGateway(config);
    this.dryRun = dryRun;
    this.progress = progress;
    this.old = redis.keys().earlierLayout();
  }

  public int liveBrokers() {
    long since = System.currentTimeMillis() - LIVE_MILLIS;
    Map<String, String> brokers = redis.call(r -> r.hgetAll(redis.keys().brokers()));
    int live = 0;
    for (String json : brokers.values()) {
      try {
        var node = Json.tree(json);
        if (node != null && node.path("updated").asLong() >= since) {
          live++;
        }
      } catch (IllegalStateException e) {
        // a corrupt record is no live broker
      }
    }
    return live;
  }

  public Report run() {
    Set<String> topics = new HashSet<>();
    long[] counts = new long[4]; // queued, delayed, running, dead
    long jobs = 0;
    for (String key : scan(redis, old.jobPattern())) {
      String id = key.substring(old.job("").length());
      if (move(key, id, topics, counts)) {
        jobs++;
        if (jobs % PROGRESS_EVERY == 0) {
          progress.accept(jobs + " jobs " + (dryRun ? "to move" : "moved") + " so far");
        }
      }
    }
    long state = new TopicStateMigration(redis).run(dryRun);
    progress.accept(
        state
            + " keys of topic state (paused, limits, fair clocks, runs, batch outboxes, notices, schedule guards) "
            + (dryRun ? "to move" : "moved"));
    long deleted = dryRun ? 0 : deleteOldSets();
    var report =
        new Report(jobs, topics.size(), counts[0], counts[1], counts[2], counts[3], deleted);
    progress.accept(
        "%s %d jobs of %d topics (%d queued, %d delayed, %d running, %d dead); %d old keys deleted"
            .formatted(
                dryRun ? "would move" : "moved",
                report.jobs(),
                report.topics(),
                report.queued(),
                report.delayed(),
                report.running(),
                report.dead(),
                report.keysDeleted()));
    return report;
  }

  /** Moves one job's record; false when it is no job record (nothing done). */
  private boolean move(String key, String id, Set<String> topics, long[] counts) {
    String type = redis.call(r -> r.type(key));
    Map<String, String> hash = null;
    String record = null;
    String topic;
    if ("hash".equals(type)) {
      hash = redis.call(r -> r.hgetAll(key));
      topic = hash.get("topic");
    } else if ("string".equals(type)) {
      record = redis.call(r -> r.get(key));
      var node = Json.tree(record);
      topic = node == null ? null : node.path("t").asText(null);
    } else {
      return false;
    }
    if (topic == null || topic.isEmpty()) {
      return false;
    }
    topics.add(topic);
    String state = hash == null ? "" : hash.getOrDefault("state", "");
    switch (state) {
      case "queued" -> counts[0]++;
      case "delayed" -> counts[1]++;
      case "running" -> counts[2]++;
      case "dead" -> counts[3]++;
      default -> {}
    }
    if (dryRun) {
      return true;
    }
    String tag = redis.tags().ensure(topic);
    RedisKeys.TopicKeys to = redis.keys().topic(tag);
    long ttl = redis.call(r -> r.pttl(key));
    if (hash != null) {
      writeHash(hash, id, topic, to, ttl);
    } else {
      String value = record;
      redis.call(r -> r.set(to.job(id), value));
      if (ttl > 0) {
        redis.call(r -> r.pexpire(to.job(id), ttl));
      }
    }
    redis.call(r -> r.hset(redis.keys().legacyIds(), id, tag));
    moveMembership(id, topic, to);
    redis.call(r -> r.del(key));
    return true;
  }

  private void writeHash(
      Map<String, String> hash, String id, String topic, RedisKeys.TopicKeys to, long ttl) {
    Map<String, String> fields = new java.util.HashMap<>(hash);
    String unique = hash.getOrDefault("unique", "");
    String oldUnique = old.uniquePrefix(topic);
    if (unique.startsWith(oldUnique)) {
      String name = unique.substring(oldUnique.length());
      fields.put("unique", name);
      if (id.equals(redis.call(r -> r.get(unique)))) {
        redis.call(r -> r.hset(to.unique(), name, id));
      }
      redis.call(r -> r.del(unique));
    }
    redis.call(r -> r.hset(to.job(id), fields));
    if (ttl > 0) {
      redis.call(r -> r.pexpire(to.job(id), ttl));
    }
  }

  /** Puts the job in the new sets it was in, with the same scores. */
  private void moveMembership(String id, String topic, RedisKeys.TopicKeys to) {
    String[][] sets = {
      {old.queue(topic), to.queue()},
      {old.inflight(), to.inflight()},
      {old.delayed(), to.delayed()},
      {old.deadlines(), to.deadlines()},
      {old.dead(), to.dead()},
    };
    for (String[] set : sets) {
      Double score = redis.call(r -> r.zscore(set[0], id));
      if (score != null) {
        redis.call(r -> r.zadd(set[1], score, id));
        redis.call(r -> r.zrem(set[0], id));
      }
    }
  }

  /** The earlier layout's sets and counters, now empty of jobs that still exist. */
  private long deleteOldSets() {
    List<String> gone = new ArrayList<>();
    for (String topic : redis.call(r -> r.smembers(old.topics()))) {
      gone.add(old.queue(topic));
    }
    gone.addAll(
        List.of(
            old.inflight(), old.delayed(), old.deadlines(), old.dead(), old.topics(), old.seq()));
    gone.addAll(scan(redis, old.uniquePattern())); // of jobs that expired meanwhile
    gone.addAll(scan(redis, old.queuePattern()));
    long deleted = 0;
    for (String key : gone) {
      deleted += redis.call(r -> r.del(key));
    }
    return deleted;
  }

  /** The keys matching {@code pattern}, by SCAN. */
  static List<String> scan(RedisGateway redis, String pattern) {
    List<String> found = new ArrayList<>();
    ScanParams params = new ScanParams().match(pattern).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      String at = cursor;
      var page = redis.call(r -> r.scan(at, params));
      found.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return found;
  }

  @Override
  public void close() {
    redis.close();
  }
}
