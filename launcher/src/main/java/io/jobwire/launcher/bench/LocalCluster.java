package io.jobwire.launcher.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * {@code bench --cluster N}: a Redis Cluster of N masters, no replicas, on loopback ports, from
 * {@code redis-server} and {@code redis-cli} on the PATH (slots split evenly by {@code redis-cli
 * --cluster create}); files in a temporary directory. Stops its servers on close.
 */
final class LocalCluster implements AutoCloseable {
  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final List<Process> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private LocalCluster() {}

  static LocalCluster start(int masters) throws IOException {
    if (masters < 3) {
      throw new IllegalArgumentException(
          "a Redis Cluster needs at least 3 masters, not " + masters);
    }
    var cluster = new LocalCluster();
    try {
      cluster.launch(masters);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis-cluster://127.0.0.1:P1,...}. */
  String uri() {
    return "redis-cluster://"
        + String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  private void launch(int masters) throws IOException {
    String server = onPath("redis-server");
    String cli = onPath("redis-cli");
    Path dir = Files.createTempDirectory("jobwire-bench-cluster-");
    for (int i = 0; i < masters; i++) {
      int port = freePort();
      ports.add(port);
      servers.add(
          new ProcessBuilder(
                  server,
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--cluster-enabled",
                  "yes",
                  "--cluster-config-file",
                  dir.resolve("nodes-" + port + ".conf").toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("node-" + port + ".log").toFile())
              .start());
      awaitPort(port);
    }
    List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    File log = dir.resolve("create.log").toFile();
    Process creating =
        new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log).start();
    try {
      if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    for (int port : ports) {
      awaitClusterOk(port);
    }
  }

  private static void awaitClusterOk(int port) {
    long until = System.nanoTime() + START_NANOS;
    while (true) {
      try (var node = new Jedis(new HostAndPort("127.0.0.1", port))) {
        if (node.clusterInfo().contains("cluster_state:ok")) {
          return;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the cluster node on port " + port + " is not ok");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  private static void awaitPort(int port) {
    long until = System.nanoTime() + START_NANOS;
    while (true) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("redis-server did not listen on port " + port);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "bench --cluster needs " + name + " on the PATH (Debian: apt-get install redis-server)");
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process server : servers) {
      server.destroy();
    }
    for (Process server : servers) {
      try {
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
    }
  }
}
