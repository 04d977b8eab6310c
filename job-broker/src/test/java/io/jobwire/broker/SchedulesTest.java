package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.ScheduleStatus;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.testing.Layout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Schedules fired by brokers: once per tick across brokers, misfires, changes at run time. */
class SchedulesTest extends BrokerTestBase {

  @Test
  void schedule_fires_once_per_tick_with_two_brokers_running() {
    Clock real = Clock.systemUTC();
    Broker one = broker(brokerConfig().clock(real));
    Broker two = broker(brokerConfig().clock(real));
    FakeWorker a = worker("wa", one).ready(100, "tick");
    FakeWorker b = worker("wb", two).ready(100, "tick");
    Schedules schedules = closeLater(Schedules.redis(realConfig()));
    long period = 200;

    long start = System.currentTimeMillis();
    schedules.put(Schedule.every("ticker", "tick", Duration.ofMillis(period)));
    List<Job> jobs = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              collect(a, jobs);
              collect(b, jobs);
              return System.currentTimeMillis() - start >= 2_000;
            });
    schedules.remove("ticker");
    long elapsed = System.currentTimeMillis() - start;
    collect(a, jobs);
    collect(b, jobs);

    long ticks = elapsed / period;
    assertTrue(
        jobs.size() >= ticks / 2 && jobs.size() <= ticks + 1,
        jobs.size() + " jobs for about " + ticks + " ticks: each tick fires once");
    assertEquals(jobs.size(), jobs.stream().map(Job::id).distinct().count());
    assertTrue(jobs.stream().allMatch(j -> j.topic().equals("tick")));
  }

  @Test
  void missed_tick_is_skipped_or_run_once_after_downtime() {
    Schedules schedules = closeLater(Schedules.redis(queueConfig()));
    schedules.put(Schedule.cron("skipper", "skip", "* * * * *"));
    schedules.put(
        Schedule.cron("catcher", "catch", "* * * * *").withMisfire(Schedule.Misfire.RUN_ONCE));
    clock.advance(Duration.ofMinutes(10)); // no broker ran for ten ticks

    Broker broker = broker();
    broker.runDueWork();

    ScheduleStatus skipped = schedules.get("skipper").orElseThrow();
    assertEquals(0, skipped.runs());
    assertEquals(1, skipped.skipped());
    assertNull(skipped.lastJob());
    assertEquals(0, raw.zcard(Layout.topic(raw, "skip").queue()));
    ScheduleStatus caught = schedules.get("catcher").orElseThrow();
    assertEquals(1, caught.runs(), "ten missed ticks run once");
    assertEquals(JobState.QUEUED, caught.lastOutcome());
    assertEquals(1, raw.zcard(Layout.topic(raw, "catch").queue()));
    assertTrue(caught.nextRun() > clock.millis());
    assertTrue(caught.nextRun() <= clock.millis() + 60_000);

    clock.advance(Duration.ofMinutes(1)); // on time again: both fire
    broker.runDueWork();

    assertEquals(1, schedules.get("skipper").orElseThrow().runs());
    assertEquals(2, schedules.get("catcher").orElseThrow().runs());
  }

  @Test
  void schedule_added_and_removed_at_run_time_starts_and_stops_at_once() {
    Clock real = Clock.systemUTC();
    Broker broker = broker(brokerConfig().clock(real));
    FakeWorker worker = worker("w", broker).ready(100, "sec");
    Schedules schedules = closeLater(Schedules.redis(realConfig()));
    worker.next(Duration.ofMillis(300)); // the broker's scheduler now sleeps: nothing to fire

    schedules.put(Schedule.cron("every-second", "sec", "* * * * * *"));

    Job first = worker.nextJob(Duration.ofMillis(2_500));
    assertTrue(first != null && first.topic().equals("sec"), "the put woke the scheduler");
    assertTrue(schedules.remove("every-second"));
    collect(worker, new ArrayList<>()); // a tick may have fired while it was removed
    assertNull(worker.next(Duration.ofMillis(1_500)), "no tick after the remove");
    assertEquals(List.of(), schedules.list());
    assertFalse(schedules.remove("every-second"));
  }

  @Test
  void run_now_queues_a_run_and_leaves_the_ticks_alone() {
    Schedules schedules = closeLater(Schedules.redis(queueConfig()));
    JsonNode params = Codec.mapper().createObjectNode().put("kind", "full");
    schedules.put(Schedule.cron("nightly", "report", "0 3 * * *").withParams(params));
    long next = schedules.get("nightly").orElseThrow().nextRun();

    Optional<String> job = schedules.runNow("nightly");

    assertTrue(job.isPresent());
    JobStatus status = queue.status(job.get()).orElseThrow();
    assertEquals("report", status.topic());
    assertEquals(JobState.QUEUED, status.state());
    ScheduleStatus after = schedules.get("nightly").orElseThrow();
    assertEquals(next, after.nextRun());
    assertEquals(job.get(), after.lastJob());
    assertEquals(1, after.runs());
    assertEquals(Optional.empty(), schedules.runNow("nope"));
  }

  @Test
  void putting_the_same_schedule_again_keeps_its_next_run() {
    Schedules schedules = closeLater(Schedules.redis(queueConfig()));
    Schedule hourly = Schedule.cron("hourly", "h", "0 * * * *");
    assertTrue(schedules.put(hourly));
    long next = schedules.get("hourly").orElseThrow().nextRun();
    clock.advance(Duration.ofHours(3));

    assertFalse(schedules.put(hourly), "unchanged");
    assertEquals(next, schedules.get("hourly").orElseThrow().nextRun());
    assertTrue(schedules.put(hourly.withMisfire(Schedule.Misfire.RUN_ONCE)), "changed");
    assertTrue(schedules.get("hourly").orElseThrow().nextRun() > clock.millis());
  }

  private QueueConfig realConfig() {
    return QueueConfig.builder().redisUri(redis.uri()).build();
  }

  private static void collect(FakeWorker worker, List<Job> into) {
    for (Job job = worker.nextJob(Duration.ofMillis(20));
        job != null;
        job = worker.nextJob(Duration.ofMillis(20))) {
      into.add(job);
    }
  }
}
