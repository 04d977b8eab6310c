package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flow limits per topic, enforced in Redis by every broker; jobs held back wait queued. */
class FlowControlTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(400);
  static final Duration POLL = Duration.ofSeconds(10);

  /** Well under POLL: a job held back by a limit starts this soon once it may. */
  static final Duration SOON = Duration.ofSeconds(4);

  FlowControl flow;

  @BeforeEach
  void flowControl() {
    flow = closeLater(FlowControl.redis(queueConfig()));
  }

  /**
   * A broker that polls only every POLL: what starts sooner was woken (by an enqueue, an ended job
   * or a rate timer). The clock stands still or jumps, and the fake workers do not heartbeat.
   */
  BrokerConfig.Builder patient() {
    return brokerConfig()
        .pollInterval(POLL)
        .workerTimeout(Duration.ofMinutes(10))
        .leaseDuration(Duration.ofMinutes(10));
  }

  List<String> enqueue(int n, String topic, String user) {
    return queue.enqueue(
        IntStream.range(0, n).mapToObj(i -> JobRequest.of(topic, null).withUser(user)).toList());
  }

  /**
   * The jobs the workers get: waits (up to 10 s, a loaded machine is slow) for {@code expected} of
   * them, then checks that no more come for QUIET.
   */
  static List<Job> take(int expected, FakeWorker... workers) {
    List<Job> jobs = new ArrayList<>();
    long until = System.nanoTime() + SOON.toNanos();
    while (jobs.size() < expected && System.nanoTime() < until) {
      poll(jobs, Duration.ofMillis(50), workers);
    }
    assertEquals(expected, jobs.size(), "jobs handed out: " + jobs);
    long quietUntil = System.nanoTime() + QUIET.toNanos();
    while (System.nanoTime() < quietUntil) {
      poll(jobs, Duration.ofMillis(50), workers);
    }
    assertEquals(expected, jobs.size(), "no more than that: " + jobs);
    return jobs;
  }

  private static void poll(List<Job> into, Duration wait, FakeWorker... workers) {
    for (FakeWorker worker : workers) {
      Job job = worker.nextJob(wait);
      if (job != null) {
        into.add(job);
      }
    }
  }

  @Test
  void max_running_holds_across_two_brokers_and_an_ended_job_lets_the_next_start() {
    flow.set("t", FlowLimits.NONE.withMaxRunning(2));
    FakeWorker a = worker("a", broker(patient())).ready(4, "t");
    FakeWorker b = worker("b", broker(patient())).ready(4, "t");
    enqueue(6, "t", null);

    List<Job> first = take(2, a, b); // two of six run, the others wait
    assertEquals(2, flow.limited().get("t").running());

    a.done(first.get(0).id()); // a done goes to every broker a worker is connected to
    b.done(first.get(0).id());
    take(1, a, b); // the done woke the brokers: one more starts, no more
  }

  @Test
  void a_retried_job_frees_its_slot_and_raising_the_limit_releases_held_jobs() {
    flow.set("t", FlowLimits.NONE.withMaxRunning(1));
    FakeWorker worker = worker("w", broker(patient())).ready(4, "t");
    enqueue(3, "t", null);
    Job job = worker.nextJob();
    assertNull(worker.nextJob(QUIET), "one at a time");

    worker.fail(job.id(), true);
    take(1, worker); // the failed job's slot went to the next one

    flow.set("t", FlowLimits.NONE.withMaxRunning(3));
    take(1, worker); // a raised limit wakes the brokers at once
  }

  @Test
  void a_lapsed_lease_frees_its_slot() {
    flow.set("t", FlowLimits.NONE.withMaxRunning(1));
    Broker broker =
        broker(
            brokerConfig()
                .pollInterval(POLL)
                .workerTimeout(Duration.ofMinutes(10))
                .leaseDuration(Duration.ofSeconds(5)));
    FakeWorker worker = worker("w", broker).ready(4, "t");
    enqueue(2, "t", null);
    take(1, worker);

    clock.advance(Duration.ofSeconds(6)); // no heartbeat named the job: its lease lapses
    broker.runDueWork();
    take(1, worker);
    assertEquals(1, flow.limited().get("t").running());
  }

  @Test
  void rate_limit_holds_until_its_window_reopens_without_anything_else_waking_the_broker() {
    flow.set("t", FlowLimits.NONE.withRate("2/s"));
    FakeWorker worker = worker("w", broker(patient())).ready(10, "t");
    clock.advance(Duration.ofMillis(1000 - clock.millis() % 1000)); // the start of a window
    enqueue(5, "t", null);

    take(2, worker);
    clock.advance(Duration.ofMillis(999));
    assertNull(worker.nextJob(QUIET), "the window has not reopened");
    clock.advance(Duration.ofMillis(1));
    take(2, worker); // the broker's timer fired for the new window
  }

  @Test
  void per_user_limit_holds_one_user_back_and_lets_the_others_run() {
    flow.set("t", FlowLimits.NONE.withMaxRunningPerUser(1));
    FakeWorker worker = worker("w", broker(patient())).ready(10, "t");
    enqueue(3, "t", "ann");
    enqueue(1, "t", "bob");
    enqueue(2, "t", null);

    List<Job> running = take(4, worker); // one of ann's, bob's, and both without a user
    assertEquals(1, running.stream().filter(j -> "ann".equals(j.user())).count());
    Job ann = running.stream().filter(j -> "ann".equals(j.user())).findFirst().orElseThrow();

    worker.done(ann.id());
    List<Job> next = take(1, worker);
    assertEquals("ann", next.get(0).user());
  }

  @Test
  void one_users_backlog_does_not_starve_a_user_who_comes_later() {
    FakeWorker worker = worker("w", broker(patient())).ready(1, "t");
    enqueue(1000, "t", "ann");
    clock.advance(Duration.ofMillis(50));
    List<String> bob = enqueue(10, "t", "bob");

    List<String> order = new ArrayList<>();
    while (order.size() < 40) {
      Job job = worker.nextJob();
      order.add(job.id());
      worker.done(job.id());
    }
    int last = bob.stream().mapToInt(order::indexOf).max().orElseThrow();
    assertTrue(bob.stream().allMatch(order::contains), "all of bob's jobs in the first 40");
    assertTrue(last < 30, "bob's last job started as claim " + last);
  }

  @Test
  void limits_read_back_and_lifting_them_removes_the_topic_from_the_limited_list() {
    flow.set("t", FlowLimits.NONE.withMaxRunning(2).withRate("600/m").withMaxRunningPerUser(1));
    FlowLimits read = flow.get("t");
    assertEquals(2, read.maxRunning());
    assertEquals(1, read.maxRunningPerUser());
    assertEquals("600/m", read.rateText());
    assertEquals(List.of("t"), List.copyOf(flow.limited().keySet()));

    flow.set("t", FlowLimits.NONE);
    assertTrue(flow.get("t").none());
    assertTrue(flow.limited().isEmpty());
    await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> raw.exists(Layout.topic(raw, "t").flow()) == false);
  }
}
