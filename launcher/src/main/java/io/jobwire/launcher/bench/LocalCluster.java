package io.jobwire.launcher.bench;

import io.jobwire.queue.local.LocalRedis;
import io.jobwire.queue.local.LocalRedisCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench --cluster N}: a Redis Cluster of N masters, no replicas, on loopback ports, from
 * {@code redis-server} and {@code redis-cli} on the PATH ({@link LocalRedisCluster}); files in a
 * temporary directory. Stops its servers on close.
 */
final class LocalCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final LocalRedisCluster cluster;

  private LocalCluster(LocalRedisCluster cluster) {
    this.cluster = cluster;
  }

  static LocalCluster start(int masters) throws IOException {
    Path server = onPath("redis-server");
    Path cli = onPath("redis-cli");
    Path dir = Files.createTempDirectory("jobwire-bench-cluster-");
    var cluster = LocalRedisCluster.start(server, cli, dir, masters, List.of());
    try {
      cluster.awaitOk(START_TIMEOUT);
      return new LocalCluster(cluster);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis-cluster://127.0.0.1:P1,...}. */
  String uri() {
    return cluster.uri();
  }

  private static Path onPath(String name) {
    return LocalRedis.onPath(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "bench --cluster needs "
                        + name
                        + " on the PATH (Debian: apt-get install redis-server)"));
  }

  @Override
  public void close() {
    cluster.close();
  }
}
