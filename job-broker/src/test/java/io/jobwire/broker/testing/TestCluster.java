package io.jobwire.broker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A three-node Redis Cluster (masters only, slots split evenly by {@code redis-cli --cluster
 * create}): {@code redis-server} processes from the PATH on loopback ports, files under the build's
 * {@code java.io.tmpdir}.
 */
public final class TestCluster implements AutoCloseable {
  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private TestCluster(Path dir) {
    this.dir = dir;
  }

  /** True when {@code redis-server} and {@code redis-cli} are on the PATH. */
  public static boolean available() {
    return TestRedis.findOnPath("redis-server") != null
        && TestRedis.findOnPath("redis-cli") != null;
  }

  public static TestCluster start() {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      var cluster = new TestCluster(Files.createTempDirectory(tmp, "cluster-"));
      try {
        cluster.launch();
      } catch (IOException | RuntimeException e) {
        cluster.close();
        throw e;
      }
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  private void launch() throws IOException {
    String server = TestRedis.findOnPath("redis-server");
    for (int i = 0; i < 3; i++) {
      int port = TestRedis.freePort();
      ports.add(port);
      start(
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
      awaitPort(port);
    }
    List<String> create =
        new ArrayList<>(List.of(TestRedis.findOnPath("redis-cli"), "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process creating = start("create", create);
    try {
      if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed (see " + dir + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process start(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start();
    processes.add(process);
    return process;
  }

  private void awaitPort(int port) throws IOException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (var probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new IOException("redis did not start on port " + port + " (see " + dir + ")", e);
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
