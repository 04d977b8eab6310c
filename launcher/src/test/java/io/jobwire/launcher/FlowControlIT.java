package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flow limits and fair sharing with real Redis, two brokers and four real workers connected to
 * both, the limits set through the command line ({@code jobwire topic limit}).
 */
class FlowControlIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  TestRedis redis;
  JobQueue queue;
  final List<AutoCloseable> parts = new ArrayList<>();
  final List<Broker> brokers = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = TestRedis.start();
    queue = JobQueue.redis(redis.uri());
    for (int i = 0; i < 2; i++) {
      Broker broker =
          Broker.start(
              BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
      brokers.add(broker);
      parts.add(broker);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable part : parts.reversed()) {
      part.close();
    }
    queue.close();
    redis.close();
  }

  String jobwire(String... args) {
    return CliRun.ok(args);
  }

  /** Four workers of capacity 4 on both brokers, each job running {@code work}. */
  void workers(Consumer<String> work) {
    for (int i = 0; i < 4; i++) {
      Worker worker =
          Worker.builder()
              .brokers(brokers.stream().map(Broker::endpoint).toList())
              .id("w" + i)
              .capacity(4)
              .handle(
                  "t",
                  job -> {
                    work.accept(job.user().orElse(""));
                    return Map.of("ok", true);
                  })
              .build();
      parts.add(worker);
      worker.start();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms); // the job's work
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void max_running_2_holds_across_two_brokers_and_four_workers_and_status_shows_it() {
    jobwire("topic", "limit", "t", "--max-running", "2", "--redis", redis.uri());
    var now = new AtomicInteger();
    var most = new AtomicInteger();
    var done = new AtomicInteger();
    workers(
        user -> {
          most.accumulateAndGet(now.incrementAndGet(), Math::max);
          sleep(40);
          now.decrementAndGet();
          done.incrementAndGet();
        });
    int jobs = 40;
    queue.enqueue(IntStream.range(0, jobs).mapToObj(i -> JobRequest.of("t", null)).toList());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String status = jobwire("status", "--redis", redis.uri());
              assertTrue(status.contains("LIMITS"), status);
              assertTrue(
                  status.lines().anyMatch(l -> l.matches("t\\s+[0-2]\\s+2\\s+-\\s+-")), status);
            });
    await().atMost(WAIT).until(() -> done.get() == jobs);
    System.err.printf(
        "[flow] max_running 2: at most %d of %d jobs ran at once%n", most.get(), jobs);
    assertEquals(2, most.get(), "never more than the limit, and the limit was used");
  }

  @Test
  void rate_limit_holds_in_every_window() {
    jobwire("topic", "limit", "t", "--rate", "5/s", "--redis", redis.uri());
    Map<Long, AtomicInteger> perWindow = new ConcurrentHashMap<>();
    var done = new AtomicInteger();
    workers(
        user -> {
          perWindow
              .computeIfAbsent(System.currentTimeMillis() / 1000, w -> new AtomicInteger())
              .incrementAndGet();
          done.incrementAndGet();
        });
    // claims come at the start of each window; enqueue early in one too
    await().atMost(WAIT).until(() -> System.currentTimeMillis() % 1000 < 200);
    int jobs = 15;
    long start = System.nanoTime();
    queue.enqueue(IntStream.range(0, jobs).mapToObj(i -> JobRequest.of("t", null)).toList());

    await().atMost(WAIT).until(() -> done.get() == jobs);
    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
    var windows = new TreeMap<>(perWindow);
    System.err.printf("[flow] rate 5/s: 15 jobs took %d ms, starts per second %s%n", took, windows);
    windows.values().forEach(n -> assertTrue(n.get() <= 5, "starts per window: " + windows));
    assertTrue(took >= 1800, "three windows at least: " + took + " ms");
  }

  @Test
  void ten_jobs_of_a_second_user_start_among_the_first_after_another_users_10000() {
    var order = new AtomicLong();
    Map<String, Long> bobStarts = new ConcurrentHashMap<>();
    var bobEnqueuedAt = new AtomicLong(Long.MAX_VALUE);
    workers(
        user -> {
          long n = order.incrementAndGet();
          if (user.equals("bob")) {
            bobStarts.put("start-" + n, n);
          }
          sleep(2);
        });
    long annFrom = System.nanoTime();
    queue.enqueue(
        IntStream.range(0, 10_000)
            .mapToObj(i -> JobRequest.of("t", null).withUser("ann"))
            .toList());
    bobEnqueuedAt.set(order.get());
    long enqueued = System.nanoTime();
    long annMillis = Duration.ofNanos(enqueued - annFrom).toMillis();
    queue.enqueue(
        IntStream.range(0, 10).mapToObj(i -> JobRequest.of("t", null).withUser("bob")).toList());

    await().atMost(WAIT).until(() -> bobStarts.size() == 10);
    long tookMs = Duration.ofNanos(System.nanoTime() - enqueued).toMillis();
    long last = bobStarts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long after = last - bobEnqueuedAt.get();
    // ann's jobs are ranked 10 ms apart from her enqueue: those ranked before bob's enqueue go
    // first (one per 10 ms her 10,000-job call took); then bob's alternate with hers, and the 16
    // worker slots may hold ann's jobs already
    long bound = annMillis / 10 + 2 * 10 + 16 + 10;
    System.err.printf(
        "[fair] ann queued 10000 (%d ms), then bob 10: bob's last job was start %d after bob"
            + " enqueued (%d ms; bound %d); %d of ann's jobs had started before%n",
        annMillis, after, tookMs, bound, bobEnqueuedAt.get());
    assertTrue(after <= bound, "bob's 10 jobs started within " + after + " job starts");
  }
}
