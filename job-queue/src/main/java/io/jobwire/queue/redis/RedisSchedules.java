package io.jobwire.queue.redis;

import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.ScheduleStatus;
import io.jobwire.queue.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link Schedules} on the {@code schedules} ZSET and one hash per schedule (see {@link
 * RedisKeys}); also what the broker's scheduler (in job-broker) fires ticks through.
 *
 * <p>A tick's guard lives in the slot of the job it queues: the schedule's topic's {@code ticks}
 * hash (name to next run), checked and moved by fire.lua in the same script that enqueues, so a
 * tick fires once however many brokers try. The namespace's ZSET is the schedulers' index (what is
 * due, how long to sleep), moved forward after each fire by schedule_fired.lua.
 */
public final class RedisSchedules implements Schedules {
  private static final Logger log = LoggerFactory.getLogger(RedisSchedules.class);

  private final RedisGateway redis;
  private final boolean ownsGateway;

  public RedisSchedules(QueueConfig config) {
    this(new RedisGateway(config), true);
  }

  public RedisSchedules(RedisGateway redis, boolean ownsGateway) {
    this.redis = redis;
    this.ownsGateway = ownsGateway;
  }

  @Override
  public boolean put(Schedule schedule) {
    String name = schedule.name();
    String def = ScheduleJson.write(schedule);
    Schedule old = definition(name);
    if (old != null && def.equals(ScheduleJson.write(old))) {
      return false; // identical: its next run stays
    }
    long next = schedule.nextAfter(now());
    // the guard first: the index's entry makes schedulers fire it
    String ticks = redis.tags().keysOf(schedule.topic()).ticks();
    redis.call(r -> r.hset(ticks, name, Long.toString(next)));
    if (old != null && !old.topic().equals(schedule.topic())) {
      dropGuard(old);
    }
    Object changed =
        redis.run(
            Scripts.SCHEDULE_PUT,
            scheduleKeys(name),
            now(),
            List.of(name, def, Long.toString(next)));
    return ScriptReply.number(Scripts.SCHEDULE_PUT, changed) == 1;
  }

  @Override
  public boolean remove(String name) {
    Schedule old = definition(name);
    Object removed = redis.run(Scripts.SCHEDULE_REMOVE, scheduleKeys(name), now(), List.of(name));
    if (old != null) {
      dropGuard(old);
    }
    return ScriptReply.number(Scripts.SCHEDULE_REMOVE, removed) == 1;
  }

  private void dropGuard(Schedule schedule) {
    String tag = redis.tags().find(schedule.topic());
    if (tag != null) {
      redis.call(r -> r.hdel(redis.keys().topic(tag).ticks(), schedule.name()));
    }
  }

  private List<String> scheduleKeys(String name) {
    return List.of(redis.keys().schedules(), redis.keys().schedule(name));
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

  /**
   * What one {@link #fire} did: the job queued, or why none was; {@code next} is the tick's guard
   * now (for {@code taken}: what another broker moved it to).
   */
  public record Fired(String outcome, String job, long next) {}

  /**
   * Fires {@code tick} of {@code schedule} unless another broker did (see fire.lua): {@code mode}
   * is {@code run}, {@code skip} or {@code now}; {@code next} becomes its next run.
   */
  public Fired fire(Schedule schedule, long tick, long next, String mode, long now) {
    Fired fired = fireInTopic(schedule, tick, next, mode, now);
    if ("unknown".equals(fired.outcome()) && restoreGuard(schedule)) {
      fired = fireInTopic(schedule, tick, next, mode, now);
    }
    if (!"unknown".equals(fired.outcome())) {
      recordFired(schedule, fired, "now".equals(mode) ? "" : Long.toString(fired.next()), now);
    }
    return fired;
  }

  /** fire.lua: the guard and the enqueue, in the topic's slot. */
  private Fired fireInTopic(Schedule schedule, long tick, long next, String mode, long now) {
    String topic = schedule.topic();
    RedisKeys.TopicKeys keys = redis.tags().keysOf(topic);
    List<String> args = new ArrayList<>(20);
    args.add("0");
    args.add(topic);
    args.addAll(
        EnqueueArgs.of(
            JobIds.next(redis.tags().ensure(topic)),
            JobRequest.of(topic, schedule.params()),
            null));
    args.add(schedule.name());
    args.add(Long.toString(tick));
    args.add(Long.toString(next));
    args.add(mode);
    // fire.lua: {'taken', guard} | {'skipped'} | {'unknown'} | enqueue.lua's {job id}
    ScriptReply reply =
        ScriptReply.of(Scripts.FIRE, redis.run(Scripts.FIRE, keys.all(), now, args));
    String first = reply.string(0);
    return switch (first) {
      case "taken" -> new Fired(first, null, reply.numberText(1));
      case "skipped", "unknown" -> new Fired(first, null, next);
      default -> new Fired("queued", first, next);
    };
  }

  /**
   * A schedule in the index without a guard in its topic (one moved by {@code jobwire migrate}, or
   * put while its guard's write failed): its guard is set to the index's next run, unless one was
   * set meanwhile. False when the schedule is not in the index.
   */
  private boolean restoreGuard(Schedule schedule) {
    Double next = redis.call(r -> r.zscore(redis.keys().schedules(), schedule.name()));
    if (next == null) {
      return false;
    }
    String ticks = redis.tags().keysOf(schedule.topic()).ticks();
    redis.call(r -> r.hsetnx(ticks, schedule.name(), Long.toString(next.longValue())));
    return true;
  }

  /** schedule_fired.lua: the index, the schedule's hash and a followed stream's share hash. */
  private void recordFired(Schedule schedule, Fired fired, String next, long now) {
    String name = schedule.name();
    List<String> keys = new ArrayList<>(scheduleKeys(name));
    if (fired.job() != null) {
      String runs = redis.tags().keysOf(schedule.topic()).runs();
      List<String> follow = redis.call(r -> r.hmget(runs, "stream", "until"));
      if (follow.get(0) != null && follow.get(1) != null && Long.parseLong(follow.get(1)) >= now) {
        keys.add(redis.keys().share(follow.get(0)));
      }
    }
    redis.run(
        Scripts.SCHEDULE_FIRED,
        keys,
        now,
        List.of(name, fired.outcome(), next, fired.job() == null ? "" : fired.job()));
  }

  /** The earliest next run: (name, epoch ms), or null when there is no schedule. */
  public Tuple earliest() {
    List<Tuple> first = redis.call(r -> r.zrangeWithScores(redis.keys().schedules(), 0, 0));
    return first.isEmpty() ? null : first.get(0);
  }

  /** The schedule named so, or null when it is gone or its definition cannot be read. */
  public Schedule definition(String name) {
    return definition(name, redis.call(r -> r.hget(redis.keys().schedule(name), "def")));
  }

  public boolean healthy() {
    return redis.healthy();
  }

  /** Moves a schedule whose definition cannot be read out of the way, a day on. */
  public void postpone(String name, long now) {
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
