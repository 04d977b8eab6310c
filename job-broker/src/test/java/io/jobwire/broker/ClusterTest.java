package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real three-node Redis Cluster behind a {@code redis-cluster://} URI: two namespaces whose slots
 * live on different nodes each run their jobs through a queue and a broker of their own.
 */
class ClusterTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void namespaces_on_different_cluster_nodes_each_run_their_jobs() {
    assumeTrue(TestCluster.available() || System.getenv("CI") != null, "no redis-server");
    try (var cluster = TestCluster.start()) {
      awaitClusterOk(cluster);
      String other = namespaceOnAnotherNode("main");
      assertNotEquals(nodeOf("main"), nodeOf(other));

      for (String namespace : List.of("main", other)) {
        runJobs(cluster, namespace);
        int port = cluster.ports().get(nodeOf(namespace));
        try (var node = new Jedis(new HostAndPort("127.0.0.1", port))) {
          assertTrue(
              node.exists("jobwire:{" + namespace + "}:tags"), namespace + " not on its node");
        }
      }
    }
  }

  static void runJobs(TestCluster cluster, String namespace) {
    QueueConfig config = QueueConfig.builder().redisUri(cluster.uri()).namespace(namespace).build();
    try (JobQueue queue = JobQueue.redis(config);
        Monitor monitor = Monitor.redis(config);
        Broker broker =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(cluster.uri())
                    .namespace(namespace)
                    .build());
        var worker = new FakeWorker("w-" + namespace, broker.endpoint()).ready(2, "t")) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(queue.enqueue(JobRequest.of("t", null)));
      }
      for (int i = 0; i < 3; i++) {
        Job job = worker.nextJob(WAIT);
        worker.heartbeat(job.id()).done(job.id());
      }
      for (String id : ids) {
        await()
            .atMost(WAIT)
            .until(() -> queue.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED);
      }
      assertTrue(broker.health().up(), "broker health: " + broker.health());
      assertTrue(monitor.ping());
      assertEquals(3, monitor.snapshot().enqueued());
    }
  }

  /** Which third of the slots (the node, as redis-cli --cluster create splits them). */
  static int nodeOf(String namespace) {
    return nodeOfSlot(JedisClusterCRC16.getSlot("jobwire:{" + namespace + "}:tags"));
  }

  static int nodeOfSlot(int slot) {
    return slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
  }

  static String namespaceOnAnotherNode(String namespace) {
    for (int i = 0; ; i++) {
      if (nodeOf("ns" + i) != nodeOf(namespace)) {
        return "ns" + i;
      }
    }
  }

  static void awaitClusterOk(TestCluster cluster) {
    cluster.awaitOk(WAIT);
  }
}
