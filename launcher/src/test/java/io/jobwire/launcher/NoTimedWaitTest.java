package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerConfig;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing on the job path waits for a clock: with every poll timeout on it raised to seconds (the
 * ingress loop's and the broker loop's to 5 s; the worker I/O loop's to its heartbeat, at most 1
 * s), a subscribe on an idle system with its history in Redis (the {@code frontend} default) still
 * gets {@code subscribed} and its result in a fraction of the shortest one. Each hand-off must wake
 * its consumer.
 */
class NoTimedWaitTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WORKER_HEARTBEAT = WorkerConfig.MAX_HEARTBEAT_INTERVAL;
  private static final Duration WELL_UNDER = WORKER_HEARTBEAT.dividedBy(2);
  private static final String PROPERTY = "jobwire.internal.ingress-poll-millis";

  /** One permit per job, given once its {@code subscribed} arrived. */
  static final Semaphore gate = new Semaphore(0);

  static TestRedis redis;
  static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.start();
    System.setProperty(PROPERTY, Long.toString(TIMEOUT.toMillis()));
    try {
      stack =
          LocalStack.start(
              redis.uri(),
              BrokerConfig.builder()
                  .bind("tcp://127.0.0.1:*")
                  .pollInterval(TIMEOUT)
                  .heartbeatInterval(TIMEOUT)
                  .workerTimeout(TIMEOUT.multipliedBy(4))
                  .leaseDuration(TIMEOUT.multipliedBy(4)),
              FrontendConfig.builder()
                  .port(0)
                  .ingressBind("tcp://127.0.0.1:*")
                  .cluster(ClusterConfig.redis(redis.uri()))
                  .build(),
              broker ->
                  Worker.builder()
                      .config(
                          WorkerConfig.builder()
                              .broker(broker)
                              .heartbeatInterval(WORKER_HEARTBEAT)
                              .brokerTimeout(TIMEOUT.multipliedBy(4))
                              .build())
                      .handle(
                          "gated",
                          job -> {
                            gate.acquire(); // the result must not be what wakes the ingress loop
                            return job.params();
                          })
                      .build());
    } finally {
      System.clearProperty(PROPERTY); // read once, when the front end started
    }
  }

  @AfterAll
  static void stop() {
    stack.close();
    redis.close();
  }

  @Test
  void an_idle_subscribe_gets_subscribed_and_its_result_in_well_under_one_poll_timeout()
      throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", TIMEOUT.multipliedBy(2));
      roundTrip(client, 0, TIMEOUT.multipliedBy(3)); // warm-up: connections, classes, the JIT
      for (int ref = 1; ref <= 3; ref++) {
        // Idle on purpose (not waiting for anything): every loop goes back to its poll.
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        long[] took = roundTrip(client, ref, TIMEOUT);
        assertTrue(
            took[0] < WELL_UNDER.toNanos(),
            "subscribe " + ref + " -> subscribed took " + took[0] / 1_000_000 + " ms");
        assertTrue(
            took[1] < WELL_UNDER.toNanos(),
            "release -> result of " + ref + " took " + took[1] / 1_000_000 + " ms");
      }
    }
  }

  /**
   * Nanoseconds from subscribe to {@code subscribed}, and from letting the handler finish to {@code
   * result}.
   */
  private static long[] roundTrip(WsClient client, int ref, Duration wait) throws Exception {
    long sent = System.nanoTime();
    client.send(
        "{\"op\":\"subscribe\",\"ref\":"
            + ref
            + ",\"topic\":\"gated\",\"params\":{\"n\":"
            + ref
            + "}}");
    JsonNode subscribed = client.next("subscribed", wait);
    long toSubscribed = System.nanoTime() - sent;
    assertEquals(ref, subscribed.path("ref").asInt());
    long released = System.nanoTime();
    gate.release();
    JsonNode result = client.next("result", wait);
    long toResult = System.nanoTime() - released;
    assertEquals(subscribed.path("sub").asText(), result.path("sub").asText());
    assertEquals(ref, result.path("data").path("n").asInt());
    return new long[] {toSubscribed, toResult};
  }
}
