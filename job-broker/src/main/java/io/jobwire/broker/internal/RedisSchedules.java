package io.jobwire.broker.internal;

import io.jobwire.broker.JobRequest;
import io.jobwire.broker.QueueConfig;
import io.jobwire.broker.Schedule;
import io.jobwire.broker.ScheduleStatus;
import io.jobwire.broker.Schedules;
import io.jobwire.protocol.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link Schedules} on the {@code schedules} ZSET and one hash per schedule (see {@link
 * RedisKeys}); also what the broker's {@link Scheduler} fires ticks through.
 */
public final class RedisSchedules implements Schedules {
  private static final Logger log = LoggerFactory.getLogger(RedisSchedules.class);

  private final RedisGateway redis;
  private final boolean ownsGateway;

  public RedisSchedules(QueueConfig config) {
    this(new RedisGateway(config), true);
  }

  RedisSchedules(RedisGateway redis, boolean ownsGateway) {
    this.redis = redis;
    this.ownsGateway = ownsGateway;
  }

  @Override
  public boolean put(Schedule schedule) {
    long next = schedule.nextAfter(now());
    Object changed =
        redis.run(
            Scripts.SCHEDULE_PUT,
            now(),
            List.of(schedule.name(), ScheduleJson.write(schedule), Long.toString(next)));
    return Long.valueOf(1).equals(changed);
  }

  @Override
  public boolean remove(String name) {
    return Long.valueOf(1).equals(redis.run(Scripts.SCHEDULE_REMOVE, now(), List.of(name)));
  }

  @Override
  public List<ScheduleStatus> list() {
    RedisKeys keys = redis.keys();
    List<Tuple> all = redis.call(r -> r.zrangeWithScores(keys.schedules(), 0, -1));
    List<ScheduleStatus> found = new ArrayList<>(all.size());
    for (Tuple entry : all) {
      String name = entry.getElement();
      Map<String, String> hash = redis.call(r -> r.hgetAll(keys.schedule(name)));
      Schedule schedule = definition(name, hash.get("def"));
      if (schedule == null) {
        continue;
      }
      String job = hash.get("job");
      found.add(
          new ScheduleStatus(
              schedule,
              (long) entry.getScore(),
              hash.containsKey("last") ? Long.valueOf(hash.get("last")) : null,
              job,
              job == null ? null : outcome(job),
              Long.parseLong(hash.getOrDefault("runs", "0")),
              Long.parseLong(hash.getOrDefault("skipped", "0"))));
    }
    return found;
  }

  @Override
  public Optional<String> runNow(String name) {
    Schedule schedule = definition(name);
    if (schedule == null) {
      return Optional.empty();
    }
    Fired fired = fire(schedule, 0, 0, "now", now());
    return Optional.ofNullable(fired.job());
  }

  /** What one {@link #fire} did: the job queued, or why none was. */
  record Fired(String outcome, String job) {}

  /**
   * Fires {@code tick} of {@code schedule} unless another broker did (see fire.lua): {@code mode}
   * is {@code run}, {@code skip} or {@code now}; {@code next} becomes its next run.
   */
  Fired fire(Schedule schedule, long tick, long next, String mode, long now) {
    List<String> args = new ArrayList<>(20);
    args.add("0");
    args.addAll(
        EnqueueArgs.of(
            JobIds.next(), JobRequest.of(schedule.topic(), schedule.params()), true, null));
    args.add(schedule.name());
    args.add(Long.toString(tick));
    args.add(Long.toString(next));
    args.add(mode);
    List<?> reply = (List<?>) redis.run(Scripts.FIRE, now, args);
    String first = (String) reply.get(0);
    return switch (first) {
      case "taken", "skipped", "unknown" -> new Fired(first, null);
      default -> new Fired("queued", first);
    };
  }

  /** The earliest next run: (name, epoch ms), or null when there is no schedule. */
  Tuple earliest() {
    List<Tuple> first = redis.call(r -> r.zrangeWithScores(redis.keys().schedules(), 0, 0));
    return first.isEmpty() ? null : first.get(0);
  }

  /** The schedule named so, or null when it is gone or its definition cannot be read. */
  Schedule definition(String name) {
    return definition(name, redis.call(r -> r.hget(redis.keys().schedule(name), "def")));
  }

  boolean healthy() {
    return redis.healthy();
  }

  /** Moves a schedule whose definition cannot be read out of the way, a day on. */
  void postpone(String name, long now) {
    redis.call(r -> r.zadd(redis.keys().schedules(), now + 86_400_000d, name));
  }

  private static Schedule definition(String name, String def) {
    if (def == null) {
      return null;
    }
    try {
      return ScheduleJson.read(name, def);
    } catch (RuntimeException e) {
      log.error("schedule={} has an unreadable definition, left alone: {}", name, e.getMessage());
      return null;
    }
  }

  private JobState outcome(String job) {
    String state = JobRecords.read(redis, job, now()).get("state");
    try {
      return state == null ? null : JobState.fromWire(state);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private long now() {
    return redis.config().clock().millis();
  }

  @Override
  public void close() {
    if (ownsGateway) {
      redis.close();
    }
  }
}
