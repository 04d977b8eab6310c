package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 2,000 ping jobs subscribed by real WebSocket clients through front end, broker and two worker
 * processes, while processes are killed with SIGKILL or Redis goes away. Every subscriber must be
 * shown every result, with no gap and no duplicate in seq. Prints what it measured.
 */
class ChaosIT {
  static final int JOBS = 2000;
  static final int PER_CLIENT = 100; // the front end's default subscription limit per connection
  static final int INTERVAL_MS = 100;
  static final int CAPACITY = 8;
  static final Duration WAIT = Duration.ofSeconds(90);
  static final Duration OUTAGE = Duration.ofSeconds(5);

  private ChaosStack stack;
  private Subscribers subscribers;
  private JobsInRedis jobs;
  private final List<String> report = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    report.forEach(line -> System.out.println("[chaos] " + line));
    if (subscribers != null) {
      subscribers.close();
    }
    if (jobs != null) {
      jobs.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void every_job_is_shown_once_when_a_worker_and_the_broker_are_killed() throws Exception {
    start(TestRedis.start(), "kills");

    awaitFinished(JOBS / 5);
    List<String> onVictim = jobs.running("w1");
    long killed = System.nanoTime();
    stack.kill("w1");
    awaitShown(onVictim);
    report.add(
        "kill -9 worker w1 with %d jobs running: all of them shown after %d ms"
            .formatted(onVictim.size(), millisSince(killed)));
    stack.startWorker("w3", CAPACITY); // a supervisor would restart it

    awaitFinished(JOBS / 2);
    List<String> running = jobs.running(null);
    List<String> queued = jobs.queued("ping");
    killed = System.nanoTime();
    stack.kill("broker");
    stack.startBroker();
    long firstQueued = awaitFirstShown(queued);
    awaitShown(running);
    report.add(
        ("kill -9 broker (restarted at once) with %d jobs running, %d queued: all running shown"
                + " after %d ms, first queued one shown after %d ms")
            .formatted(
                running.size(),
                queued.size(),
                millisSince(killed),
                firstQueued - killed / 1_000_000));

    finish("kills: 2 (worker w1, broker)");
  }

  @Test
  void every_job_is_shown_once_when_redis_is_down_for_five_seconds() throws Exception {
    start(TestRedis.startPersistent(), "redis");

    awaitFinished(JOBS / 4);
    List<String> running = jobs.running(null);
    List<String> queued = jobs.queued("ping");
    jobs.close();
    stack.redis.stop();
    Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for something to happen
    stack.redis.restart();
    long back = System.nanoTime();
    jobs = new JobsInRedis(stack.redis.uri());
    long firstQueued = awaitFirstShown(queued);
    awaitShown(running);
    report.add(
        ("Redis (appendonly, fsync always) down %d s with %d jobs running, %d queued; after it came"
                + " back: all running shown after %d ms, first queued one shown after %d ms")
            .formatted(
                OUTAGE.toSeconds(),
                running.size(),
                queued.size(),
                millisSince(back),
                firstQueued - back / 1_000_000));

    finish("Redis stopped 5 s");
  }

  private void start(TestRedis redis, String label) throws Exception {
    stack = new ChaosStack(redis, label);
    jobs = new JobsInRedis(redis.uri());
    stack.startBroker();
    stack.startFrontend();
    stack.startWorker("w1", CAPACITY);
    stack.startWorker("w2", CAPACITY);
    await().atMost(WAIT).until(stack::frontendAccepts);
    subscribers = Subscribers.subscribe(stack.wsUrl(), JOBS, PER_CLIENT, INTERVAL_MS);
    await().atMost(WAIT).until(() -> subscribers.subscribed() == JOBS);
  }

  private void finish(String what) {
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> assertEquals(JOBS, subscribers.finished(), "subscriptions with a result"));
    int[] duplicatesShown = {0};
    List<String> broken = subscribers.violations(duplicatesShown);
    Set<String> all =
        subscribers.all().stream()
            .map(s -> s.job)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    report.add(
        "%s: jobs=%d, results shown=%d, extra executions (attempts beyond the first)=%d, duplicates shown=%d, broken subscriptions=%d, errors=%d (last %d ms to finish)"
            .formatted(
                what,
                JOBS,
                subscribers.finished(),
                jobs.extraExecutions(all),
                duplicatesShown[0],
                broken.size(),
                subscribers.errors.size(),
                millisSince(started)));
    assertEquals(List.of(), broken.stream().limit(10).toList());
    assertEquals(List.of(), subscribers.errors);
    assertEquals(0, duplicatesShown[0]);
  }

  private void awaitFinished(long count) {
    await().atMost(WAIT).until(() -> subscribers.finished() >= count);
  }

  /** Waits until every one of these jobs showed its result to its subscriber. */
  private void awaitShown(List<String> jobIds) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> jobIds.stream().map(subscribers::ofJob).allMatch(s -> s != null && s.done()));
  }

  /** Waits until one of these jobs showed its result; returns when (ms, nanoTime based). */
  private long awaitFirstShown(List<String> jobIds) {
    if (jobIds.isEmpty()) {
      return System.nanoTime() / 1_000_000;
    }
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> jobIds.stream().map(subscribers::ofJob).anyMatch(s -> s != null && s.done()));
    return jobIds.stream()
            .map(subscribers::ofJob)
            .filter(s -> s != null && s.done())
            .mapToLong(s -> s.resultAtNanos)
            .min()
            .orElseThrow()
        / 1_000_000;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
