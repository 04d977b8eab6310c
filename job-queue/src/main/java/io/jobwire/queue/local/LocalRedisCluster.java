package io.jobwire.queue.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of N masters and no replicas, each a {@link LocalRedis} on a free loopback port
 * with {@code nodes-PORT.conf} and {@code node-PORT.log} in one directory; the slots are split
 * evenly by {@code redis-cli --cluster create} (its output in {@code create.log}). {@link #close()}
 * stops every node.
 */
public final class LocalRedisCluster implements AutoCloseable {
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

  private final List<LocalRedis> nodes = new ArrayList<>();

  private LocalRedisCluster() {}

  /**
   * Starts {@code masters} nodes of {@code server} with {@code nodeArgs} added to each (such as
   * {@code --cluster-node-timeout 2000}) and joins them with {@code cli}. Returns once the slots
   * are assigned; {@link #awaitOk} waits until every node agrees.
   */
  public static LocalRedisCluster start(
      Path server, Path cli, Path dir, int masters, List<String> nodeArgs) throws IOException {
    if (masters < 3) {
      throw new IllegalArgumentException(
          "a Redis Cluster needs at least 3 masters, not " + masters);
    }
    var cluster = new LocalRedisCluster();
    try {
      cluster.launch(server, cli, dir, masters, nodeArgs);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public List<Integer> ports() {
    return nodes.stream().map(LocalRedis::port).toList();
  }

  /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...}. */
  public String uri() {
    return "redis-cluster://"
        + String.join(",", ports().stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /** Waits until every node says {@code cluster_state:ok}. */
  public void awaitOk(Duration atMost) {
    long until = System.nanoTime() + atMost.toNanos();
    for (int port : ports()) {
      while (!isOk(port)) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("the cluster node on port " + port + " is not ok");
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private static boolean isOk(int port) {
    try (var node = new Jedis(new HostAndPort("127.0.0.1", port))) {
      return node.clusterInfo().contains("cluster_state:ok");
    } catch (RuntimeException e) {
      return false; // not up yet
    }
  }

  private void launch(Path server, Path cli, Path dir, int masters, List<String> nodeArgs)
      throws IOException {
    for (int i = 0; i < masters; i++) {
      int port = LocalRedis.freePort();
      List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes"));
      args.addAll(List.of("--cluster-config-file", dir.resolve("nodes-" + port + ".conf") + ""));
      args.addAll(nodeArgs);
      nodes.add(LocalRedis.builder(server, dir).name("node-" + port).port(port).args(args).start());
    }
    List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
    ports().forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Path log = dir.resolve("create.log");
    Process creating = LocalRedis.launch(create, log);
    try {
      if (!creating.waitFor(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          || creating.exitValue() != 0) {
        creating.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      creating.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    nodes.reversed().forEach(LocalRedis::close);
  }
}
