package io.jobwire.frontend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link SubscribedOnEnqueueTest} on a real three-master Redis Cluster: the job goes to its topic's
 * slot, the subscription's state to the namespace's, in one pipeline that may reach two masters.
 */
class SubscribedOnEnqueueClusterTest extends SubscribedOnEnqueueTest {
  static TestCluster cluster;
  static JobQueue clusterQueue;

  @BeforeAll
  static void startCluster() {
    assumeTrue(TestCluster.available() || System.getenv("CI") != null, "no redis-server");
    cluster = TestCluster.start();
    cluster.awaitOk(Duration.ofSeconds(30));
    clusterQueue = JobQueue.redis(cluster.uri());
  }

  @AfterAll
  static void stopCluster() {
    if (clusterQueue != null) {
      clusterQueue.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  String redisUri() {
    return cluster.uri();
  }

  @Override
  JobQueue realQueue() {
    return clusterQueue;
  }
}
