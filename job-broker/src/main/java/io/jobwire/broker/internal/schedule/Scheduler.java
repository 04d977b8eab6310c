package io.jobwire.broker.internal.schedule;

import io.jobwire.queue.QueueUnavailableException;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.redis.RedisSchedules;
import io.jobwire.runtime.RateLimitedLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import redis.clients.jedis.resps.Tuple;

/**
 * The body of the {@code jobwire-broker-scheduler} thread: fires schedules. It sleeps until the
 * earliest next run in Redis, or until {@link #wake()} (a schedule was added or removed: the {@code
 * schedule} channel, via {@code jobwire-broker-events}). Every broker runs one; fire.lua lets
 * exactly one of them take each tick.
 *
 * <p>A tick fired more than {@link #MISFIRE_GRACE_MILLIS} late was missed (no broker ran, or Redis
 * was down): the schedule's misfire policy says whether it runs once or is skipped.
 */
public final class Scheduler implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private final RateLimitedLog stepFailures =
      new RateLimitedLog(log, Level.ERROR, Duration.ofSeconds(10));

  /** How late a tick may fire and still count as on time. */
  static final long MISFIRE_GRACE_MILLIS = 5_000;

  /**
   * The longest sleep: only catches a change whose message was lost while the subscription to Redis
   * reconnected (each look costs Redis one ZRANGE).
   */
  static final long SAFETY_NET_MILLIS = 10_000;

  /** Wait after a failed Redis call before trying again. */
  static final long RETRY_MILLIS = 1_000;

  private final RedisSchedules schedules;
  private final Clock clock;
  private final Object lock = new Object();
  private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
  private boolean woken;
  private volatile boolean running = true;
  private boolean redisDown;

  public Scheduler(RedisSchedules schedules, Clock clock) {
    this.schedules = schedules;
    this.clock = clock;
  }

  /** Any thread: look at the schedules again now. */
  public void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  /** Any thread: completes once every tick due now was fired (for {@code runDueWork}). */
  public CompletableFuture<Void> runDue() {
    var done = new CompletableFuture<Void>();
    synchronized (lock) {
      waiters.add(done);
      woken = true;
      lock.notifyAll();
    }
    return done;
  }

  public void stop() {
    running = false;
    wake();
  }

  @Override
  public void run() {
    while (running) {
      List<CompletableFuture<Void>> served;
      synchronized (lock) {
        woken = false;
        served = List.copyOf(waiters);
        waiters.clear();
      }
      long sleep = fireDue();
      served.forEach(f -> f.complete(null));
      synchronized (lock) {
        if (!woken && running) {
          try {
            lock.wait(Math.max(1, sleep));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
    synchronized (lock) {
      waiters.forEach(f -> f.complete(null));
    }
  }

  /** Fires every due tick; returns how long to sleep until the next one. */
  private long fireDue() {
    try {
      while (running) {
        Tuple earliest = schedules.earliest();
        long now = clock.millis();
        if (earliest == null) {
          return SAFETY_NET_MILLIS;
        }
        long tick = (long) earliest.getScore();
        if (tick > now) {
          return Math.min(tick - now, SAFETY_NET_MILLIS);
        }
        fire(earliest.getElement(), tick, now);
      }
      return 0;
    } catch (QueueUnavailableException e) {
      if (!redisDown) {
        redisDown = true;
        log.warn("scheduler paused: {}", e.getMessage());
      }
      return RETRY_MILLIS;
    } catch (RuntimeException e) {
      stepFailures.log("scheduler step failed; trying again", e);
      return RETRY_MILLIS;
    } finally {
      if (redisDown && schedules.healthy()) {
        redisDown = false;
        log.info("scheduler resumes: Redis is reachable again");
      }
    }
  }

  private void fire(String name, long tick, long now) {
    Schedule schedule = schedules.definition(name);
    if (schedule == null) {
      schedules.postpone(name, now);
      return;
    }
    boolean late = now - tick > MISFIRE_GRACE_MILLIS;
    boolean run = !late || schedule.misfire() == Schedule.Misfire.RUN_ONCE;
    long next = schedule.nextAfter(Math.max(now, tick));
    var fired = schedules.fire(schedule, tick, next, run ? "run" : "skip", now);
    switch (fired.outcome()) {
      case "queued" ->
          log.info(
              "schedule={} fired job={} topic={} tick={}{} next={}",
              name,
              fired.job(),
              schedule.topic(),
              tick,
              late ? " (missed, run once)" : "",
              next);
      case "skipped" ->
          log.info(
              "schedule={} tick={} missed by {} ms, skipped; next={}",
              name,
              tick,
              now - tick,
              next);
      default -> log.debug("schedule={} tick={} {}", name, tick, fired.outcome());
    }
  }
}
