package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestSentinels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real master, replica and three sentinels: the queue and the broker reach Redis through a {@code
 * redis-sentinel://} URI, and carry on with the same objects after the master is killed.
 */
class SentinelTest {
  static final Duration FAILOVER = Duration.ofSeconds(60);
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void queue_and_broker_carry_on_after_the_sentinels_fail_over_to_the_replica() throws Exception {
    assumeTrue(TestSentinels.available() || System.getenv("CI") != null, "no redis-server");
    try (var sentinels = TestSentinels.start()) {
      awaitSentinelsReady(sentinels);
      QueueConfig config = QueueConfig.builder().redisUri(sentinels.uri()).build();
      try (JobQueue queue = JobQueue.redis(config);
          Broker broker =
              Broker.start(
                  BrokerConfig.builder()
                      .bind("tcp://127.0.0.1:*")
                      .redisUri(sentinels.uri())
                      .build());
          var worker = new FakeWorker("w", broker.endpoint()).ready(4, "t")) {
        List<String> before = runJobs(queue, worker, 3);
        awaitReplicated(sentinels);

        sentinels.killMaster();
        await()
            .atMost(FAILOVER)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> masterPort(sentinels) == sentinels.replicaPort());

        List<String> after = runJobs(queue, worker, 3);
        for (String id : before) {
          assertEquals(JobState.SUCCEEDED, queue.status(id).orElseThrow().state(), id);
        }
        for (String id : after) {
          await()
              .atMost(WAIT)
              .ignoreExceptions()
              .until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
        }
      }
    }
  }

  /**
   * Enqueues {@code count} jobs (retrying while Redis fails over), runs them, waits for success.
   */
  static List<String> runJobs(JobQueue queue, FakeWorker worker, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          await()
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(() -> queue.enqueue(JobRequest.of("t", null)), id -> id != null));
    }
    for (int i = 0; i < count; i++) {
      // (re-)joins each time: during a failover the broker may have taken the silent worker for
      // dead
      Job job =
          await()
              .atMost(WAIT)
              .until(() -> worker.ready(4, "t").nextJob(Duration.ofSeconds(1)), j -> j != null);
      worker.done(job.id());
    }
    for (String id : ids) {
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
    }
    return ids;
  }

  static int masterPort(TestSentinels sentinels) {
    try (var sentinel = new Jedis(new HostAndPort("127.0.0.1", sentinels.sentinelPorts().get(0)))) {
      return Integer.parseInt(
          sentinel.sentinelGetMasterAddrByName(TestSentinels.MASTER_NAME).get(1));
    }
  }

  /** Each sentinel knows the replica and the two other sentinels, so a failover can be voted. */
  static void awaitSentinelsReady(TestSentinels sentinels) {
    for (int port : sentinels.sentinelPorts()) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                try (var sentinel = new Jedis(new HostAndPort("127.0.0.1", port))) {
                  return sentinel.sentinelReplicas(TestSentinels.MASTER_NAME).size() == 1
                      && sentinel.sentinelSentinels(TestSentinels.MASTER_NAME).size() == 2;
                }
              });
    }
  }

  /** The replica has every write of the master (replication is asynchronous). */
  static void awaitReplicated(TestSentinels sentinels) {
    try (var master = new Jedis(new HostAndPort("127.0.0.1", sentinels.masterPort()))) {
      assertEquals(1L, master.waitReplicas(1, WAIT.toMillis()));
    }
  }
}
