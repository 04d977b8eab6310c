package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.launcher.service.WorkersCommand;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Two brokers on one Redis and a pool of real workers connected to both: one broker goes away in
 * the middle of the load and every job still completes, none twice at the same time.
 */
class SeveralBrokersTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final int JOBS = 150;
  static final int CAPACITY = 4;

  /** When one run of a job started and ended (System.nanoTime). */
  record Run(long start, long end) {}

  final Map<String, List<Run>> runs = new ConcurrentHashMap<>();
  final AtomicInteger running = new AtomicInteger();
  final Map<String, AtomicInteger> runningPerWorker = new ConcurrentHashMap<>();
  final List<Integer> mostPerWorker = new CopyOnWriteArrayList<>();

  @Test
  void workers_flag_takes_several_brokers_as_a_list_or_repeated() {
    var listed = new WorkersCommand();
    new CommandLine(listed).parseArgs("--broker", "tcp://b1:5556,tcp://b2:5556");
    var repeated = new WorkersCommand();
    new CommandLine(repeated).parseArgs("--broker", "tcp://b1:5556", "--broker", "tcp://b2:5556");

    assertEquals(List.of("tcp://b1:5556", "tcp://b2:5556"), listed.brokers);
    assertEquals(listed.brokers, repeated.brokers);
  }

  @Test
  void every_job_completes_once_at_a_time_when_one_of_two_brokers_dies_mid_load() throws Exception {
    try (var redis = TestRedis.start();
        JobQueue queue = JobQueue.redis(redis.uri());
        Broker survivor = broker(redis);
        Broker dying = broker(redis);
        Worker one = worker("w1", dying, survivor);
        Worker two = worker("w2", dying, survivor)) {
      one.start();
      two.start();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(queue.enqueue(JobRequest.of("work", null)));
      }
      await().atMost(WAIT).until(() -> finished(queue, ids) >= JOBS / 4);
      await().atMost(WAIT).until(() -> dying.stats().running() > 0);

      long killed = System.nanoTime();
      int runningThen = dying.stats().running();
      long doneThen = finished(queue, ids);
      dying.close(); // its leases stay in Redis, as after a kill -9

      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> finished(queue, ids) == JOBS);
      long extra = runs.values().stream().mapToLong(r -> r.size() - 1).sum();
      System.err.printf(
          "[brokers] broker closed with %d jobs running on it, %d of %d done; all done %d ms"
              + " later; %d extra runs%n",
          runningThen,
          doneThen,
          JOBS,
          Duration.ofNanos(System.nanoTime() - killed).toMillis(),
          extra);
    }
    assertEquals(JOBS, runs.size(), "every job ran");
    for (var entry : runs.entrySet()) {
      List<Run> list = new ArrayList<>(entry.getValue());
      list.sort((a, b) -> Long.compare(a.start(), b.start()));
      for (int i = 1; i < list.size(); i++) {
        assertTrue(
            list.get(i).start() >= list.get(i - 1).end(),
            "job " + entry.getKey() + " ran twice at the same time: " + list);
      }
    }
    for (int most : mostPerWorker) {
      assertTrue(most <= CAPACITY, "a worker ran " + most + " jobs at once");
    }
  }

  static long finished(JobQueue queue, List<String> ids) {
    return ids.stream()
        .filter(id -> queue.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED)
        .count();
  }

  static Broker broker(TestRedis redis) {
    return Broker.start(
        BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
  }

  Worker worker(String id, Broker... brokers) {
    var now = new AtomicInteger();
    var most = new AtomicInteger();
    mostPerWorker.add(0);
    int slot = mostPerWorker.size() - 1;
    return Worker.builder()
        .brokers(List.of(brokers).stream().map(Broker::endpoint).toList())
        .id(id)
        .capacity(CAPACITY)
        .handle(
            "work",
            job -> {
              long start = System.nanoTime();
              int at = now.incrementAndGet();
              mostPerWorker.set(slot, most.accumulateAndGet(at, Math::max));
              try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120)); // the job's work
              } finally {
                now.decrementAndGet();
                runs.computeIfAbsent(job.id(), k -> new CopyOnWriteArrayList<>())
                    .add(new Run(start, System.nanoTime()));
              }
              return Map.of("ok", true);
            })
        .build();
  }
}
