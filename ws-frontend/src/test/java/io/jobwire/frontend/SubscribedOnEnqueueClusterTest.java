package io.jobwire.frontend;

import io.jobwire.queue.JobQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link SubscribedOnEnqueueTest} on a real three-master Redis Cluster: the job goes to its topic's
 * slot, the subscription's state to the namespace's, in one pipeline that may reach two masters.
 */
class SubscribedOnEnqueueClusterTest extends SubscribedOnEnqueueTest {
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
  String redisUri() {
    return cluster.uri();
  }

  @Override
  JobQueue realQueue() {
    return cluster.queue;
  }
}
