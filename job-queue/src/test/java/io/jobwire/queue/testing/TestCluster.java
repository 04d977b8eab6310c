package io.jobwire.queue.testing;

import io.jobwire.queue.local.LocalRedis;
import io.jobwire.queue.local.LocalRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A three-node Redis Cluster (masters only, slots split evenly by {@code redis-cli --cluster
 * create}): {@code redis-server} processes from the PATH on loopback ports, files under the build's
 * {@code java.io.tmpdir}. A thin {@link LocalRedisCluster}.
 */
public final class TestCluster implements AutoCloseable {
  private final LocalRedisCluster cluster;

  private TestCluster(LocalRedisCluster cluster) {
    this.cluster = cluster;
  }

  /** True when {@code redis-server} and {@code redis-cli} are on the PATH. */
  public static boolean available() {
    return LocalRedis.onPath("redis-server").isPresent()
        && LocalRedis.onPath("redis-cli").isPresent();
  }

  public static TestCluster start() {
    try {
      return new TestCluster(
          LocalRedisCluster.start(
              LocalRedis.onPath("redis-server").orElseThrow(),
              LocalRedis.onPath("redis-cli").orElseThrow(),
              LocalRedis.newDir("cluster-"),
              3,
              List.of("--cluster-node-timeout", "2000")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
  public String uri() {
    return cluster.uri();
  }

  public List<Integer> ports() {
    return cluster.ports();
  }

  /** Waits until every node says {@code cluster_state:ok}. */
  public void awaitOk(Duration atMost) {
    cluster.awaitOk(atMost);
  }

  @Override
  public void close() {
    cluster.close();
  }
}
