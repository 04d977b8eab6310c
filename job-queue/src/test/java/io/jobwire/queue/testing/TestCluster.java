package io.jobwire.queue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A three-node Redis Cluster (masters only, slots split evenly by {@code redis-cli --cluster
 * create}): {@code redis-server} processes from the PATH on loopback ports, files under the build's
 * {@code java.io.tmpdir}.
 */
public final class TestCluster implements AutoCloseable {
  private final RedisProcesses processes = new RedisProcesses("cluster-");
  private final List<Integer> ports = new ArrayList<>();

  private TestCluster() {}

  /** True when {@code redis-server} and {@code redis-cli} are on the PATH. */
  public static boolean available() {
    return TestRedis.findOnPath("redis-server") != null
        && TestRedis.findOnPath("redis-cli") != null;
  }

  public static TestCluster start() {
    var cluster = new TestCluster();
    try {
      cluster.launch();
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
  public String uri() {
    return "redis-cluster://"
        + String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Waits until every node says {@code cluster_state:ok}. */
  public void awaitOk(Duration atMost) {
    for (int port : ports) {
      Awaitility.await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                try (var node = new Jedis(new HostAndPort("127.0.0.1", port))) {
                  return node.clusterInfo().contains("cluster_state:ok");
                }
              });
    }
  }

  private void launch() throws IOException {
    String server = TestRedis.findOnPath("redis-server");
    Path dir = processes.dir();
    for (int i = 0; i < 3; i++) {
      int port = TestRedis.freePort();
      ports.add(port);
      processes.start(
          "node-" + port,
          List.of(
              server,
              "--port",
              String.valueOf(port),
              "--bind",
              "127.0.0.1",
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              dir.resolve("nodes-" + port + ".conf").toString(),
              "--cluster-node-timeout",
              "2000",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              dir.toString()));
      processes.awaitPort(port);
    }
    List<String> create =
        new ArrayList<>(List.of(TestRedis.findOnPath("redis-cli"), "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process creating = processes.start("create", create);
    try {
      if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed (see " + dir + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    processes.close();
  }
}
