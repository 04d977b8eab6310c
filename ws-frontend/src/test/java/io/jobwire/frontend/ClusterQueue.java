package io.jobwire.frontend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;

/** A real three-master Redis Cluster and a job queue on it, for one test class's tests. */
final class ClusterQueue implements AutoCloseable {
  final TestCluster cluster;
  final JobQueue queue;

  private ClusterQueue(TestCluster cluster) {
    this.cluster = cluster;
    this.queue = JobQueue.redis(cluster.uri());
  }

  /** Starts the cluster (skips the class when no redis-server is here, outside CI). */
  static ClusterQueue start() {
    assumeTrue(TestCluster.available() || System.getenv("CI") != null, "no redis-server");
    TestCluster cluster = TestCluster.start();
    cluster.awaitOk(Duration.ofSeconds(30));
    return new ClusterQueue(cluster);
  }

  String uri() {
    return cluster.uri();
  }

  @Override
  public void close() {
    queue.close();
    cluster.close();
  }
}
