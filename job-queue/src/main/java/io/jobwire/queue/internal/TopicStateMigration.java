package io.jobwire.queue.internal;

import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.RedisSchedules;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.params.RestoreParams;

/**
 * The part of {@link LayoutMigration} that moves a topic's state besides its jobs from the earlier
 * layout ({@code jobwire:{NS}:paused:TOPIC}, {@code flow:TOPIC}, {@code fair:TOPIC}, {@code
 * running:TOPIC}, {@code running:TOPIC/USER}, {@code runs:TOPIC}, {@code batched:TOPIC} and the
 * namespace's {@code notices}) into the topic's keys, and gives every schedule its guard in its
 * topic's {@code ticks} hash. Each key is copied whole (DUMP, RESTORE with its time to live) before
 * the old one is deleted, so a run cut short is finished by the next one.
 */
final class TopicStateMigration {
  private final RedisGateway redis;
  private final String old;

  TopicStateMigration(RedisGateway redis) {
    this.redis = redis;
    this.old = redis.keys().prefix();
  }

  /** Moves (or with {@code dryRun} counts) the keys; returns how many there were. */
  long run(boolean dryRun) {
    long moved = 0;
    moved += move("paused:", dryRun, RedisKeys.TopicKeys::paused);
    moved += move("flow:", dryRun, RedisKeys.TopicKeys::flow);
    moved += move("fair:", dryRun, RedisKeys.TopicKeys::fair);
    moved += move("runs:", dryRun, RedisKeys.TopicKeys::runs);
    moved += move("batched:", dryRun, RedisKeys.TopicKeys::batchOutbox);
    for (String key : LayoutMigration.scan(redis, old + "running:*")) {
      String rest = key.substring((old + "running:").length());
      int slash = rest.indexOf('/');
      String topic = slash < 0 ? rest : rest.substring(0, slash);
      if (!dryRun) {
        RedisKeys.TopicKeys to = redis.tags().keysOf(topic);
        copy(key, slash < 0 ? to.running() : to.running(rest.substring(slash + 1)));
      }
      moved++;
    }
    moved += moveNotices(dryRun);
    moved += guardSchedules(dryRun);
    return moved;
  }

  private long move(String kind, boolean dryRun, Function<RedisKeys.TopicKeys, String> name) {
    long moved = 0;
    for (String key : LayoutMigration.scan(redis, old + kind + "*")) {
      String topic = key.substring((old + kind).length());
      if (!dryRun) {
        copy(key, name.apply(redis.tags().keysOf(topic)));
      }
      moved++;
    }
    return moved;
  }

  private void copy(String from, String to) {
    byte[] dump = redis.call(r -> r.dump(from));
    if (dump == null) {
      return; // gone meanwhile
    }
    long ttl = Math.max(0L, redis.<Long>call(r -> r.pttl(from)));
    redis.call(r -> r.restore(to, ttl, dump, RestoreParams.restoreParams().replace()));
    redis.call(r -> r.del(from));
  }

  /**
   * The namespace's notices go to their jobs' topics' lists (the job's tag is in {@code legacy-ids}
   * once its record moved); a notice of a job no longer known is dropped.
   */
  private long moveNotices(boolean dryRun) {
    String key = old + "notices";
    List<String> notices = redis.call(r -> r.lrange(key, 0, -1));
    if (dryRun || notices.isEmpty()) {
      return notices.size();
    }
    for (String notice : notices) {
      var node = Json.tree(notice);
      String tag = node == null ? "" : redis.tags().ofJob(node.path(0).asText());
      if (!tag.isEmpty()) {
        redis.call(r -> r.rpush(redis.keys().topic(tag).notices(), notice));
      }
      redis.call(r -> r.lrem(key, 1, notice));
    }
    return notices.size();
  }

  /** Each schedule's guard: its next run in the index, unless it has one already. */
  private long guardSchedules(boolean dryRun) {
    RedisSchedules schedules = new RedisSchedules(redis, false);
    long guarded = 0;
    for (var entry : redis.call(r -> r.zrangeWithScores(redis.keys().schedules(), 0, -1))) {
      var schedule = schedules.definition(entry.getElement());
      if (schedule == null) {
        continue;
      }
      if (!dryRun) {
        String ticks = redis.tags().keysOf(schedule.topic()).ticks();
        long next = (long) entry.getScore();
        redis.call(r -> r.hsetnx(ticks, schedule.name(), Long.toString(next)));
      }
      guarded++;
    }
    return guarded;
  }
}
