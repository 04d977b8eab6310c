package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;

import io.jobwire.client.WsClient;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a check: how long after a worker is killed with SIGKILL its job runs again on
 * another worker. Opt-in, as it takes about a minute:
 *
 * <pre>
 * ./mvnw -B verify -pl launcher -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=WorkerKillRecoveryIT -Djobwire.bench.kills=10
 * </pre>
 */
@EnabledIfSystemProperty(named = "jobwire.bench.kills", matches = "\\d+")
class WorkerKillRecoveryIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void prints_the_median_time_until_a_killed_workers_job_runs_elsewhere() throws Exception {
    int kills = Integer.getInteger("jobwire.bench.kills");
    List<Long> redispatched = new ArrayList<>();
    try (var stack = new ChaosStack(TestRedis.start(), "recovery");
        var jobs = new JobsInRedis(stack.redis.uri())) {
      stack.startBroker();
      stack.startFrontend();
      stack.startWorker("survivor", 64);
      await().atMost(WAIT).until(stack::frontendAccepts);
      try (var client = WsClient.connect(stack.wsUrl())) {
        int ref = 0;
        for (int i = 1; i <= kills; i++) {
          String victim = "victim-" + i;
          stack.startWorker(victim, 1);
          String job = null;
          while (job == null) { // until a job lands on the victim (it may still be starting)
            client.send(
                "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":2000}}"
                    .formatted(++ref));
            String id = client.next("subscribed", WAIT).path("job").asText();
            await().atMost(WAIT).until(() -> "running".equals(jobs.state(id)));
            job = victim.equals(jobs.worker(id)) ? id : null;
          }
          String onVictim = job;
          long killed = System.nanoTime();
          stack.kill(victim);
          await()
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(10))
              .until(
                  () ->
                      "running".equals(jobs.state(onVictim))
                          && "survivor".equals(jobs.worker(onVictim)));
          redispatched.add((System.nanoTime() - killed) / 1_000_000);
        }
      }
    }
    List<Long> sorted = redispatched.stream().sorted().toList();
    System.out.printf(
        "[recovery] kill -9 of a worker -> its job running on another worker, %d runs: median %d ms,"
            + " min %d ms, max %d ms, all %s%n",
        sorted.size(), median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), redispatched);
  }

  private static long median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
