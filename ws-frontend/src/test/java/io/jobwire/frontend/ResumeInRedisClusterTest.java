package io.jobwire.frontend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ResumeTest} on a real three-master Redis Cluster: the subscription's state and history in
 * the namespace's slot, its jobs in their topic's (see {@code RedisKeys}).
 */
class ResumeInRedisClusterTest extends ResumeTest {
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
  FrontendConfig.Builder config() {
    return super.config().cluster(ClusterConfig.redis(cluster.uri()));
  }

  @Override
  JobQueue queueForTest() {
    return clusterQueue;
  }
}
