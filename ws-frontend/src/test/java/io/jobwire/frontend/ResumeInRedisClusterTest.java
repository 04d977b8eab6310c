package io.jobwire.frontend;

import io.jobwire.queue.JobQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ResumeTest} on a real three-master Redis Cluster: the subscription's state and history in
 * the namespace's slot, its jobs in their topic's (see {@code RedisKeys}).
 */
class ResumeInRedisClusterTest extends ResumeTest {
  static ClusterQueue cluster;

  @BeforeAll
  static void startCluster() {
    cluster = ClusterQueue.start();
  }

  @AfterAll
  static void stopCluster() {
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
    return cluster.queue;
  }
}
