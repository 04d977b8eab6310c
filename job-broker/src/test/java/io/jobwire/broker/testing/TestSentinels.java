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
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis master, one replica and three sentinels watching them, all {@code redis-server} processes
 * from the PATH on loopback ports, with their files under the build's {@code java.io.tmpdir}. The
 * sentinels take the master for down after one second of silence; quorum 2.
 */
public final class TestSentinels implements AutoCloseable {
  public static final String MASTER_NAME = "jobwire-test";

  private final String binary;
  private final Path dir;
  private final int masterPort;
  private final int replicaPort;
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private Process master;

  private TestSentinels(String binary, Path dir) throws IOException {
    this.binary = binary;
    this.dir = dir;
    this.masterPort = TestRedis.freePort();
    this.replicaPort = TestRedis.freePort();
  }

  /** True when {@code redis-server} is on the PATH (Sentinel needs the real binary). */
  public static boolean available() {
    return TestRedis.findOnPath("redis-server") != null;
  }

  public static TestSentinels start() {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      var set =
          new TestSentinels(
              TestRedis.findOnPath("redis-server"), Files.createTempDirectory(tmp, "sentinel-"));
      set.launch();
      return set;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis-sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3/jobwire-test}. */
  public String uri() {
    List<String> hosts = sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    return "redis-sentinel://" + String.join(",", hosts) + "/" + MASTER_NAME;
  }

  public int masterPort() {
    return masterPort;
  }

  public int replicaPort() {
    return replicaPort;
  }

  public List<Integer> sentinelPorts() {
    return List.copyOf(sentinelPorts);
  }

  /** SIGKILLs the master: the sentinels promote the replica. */
  public void killMaster() {
    master.destroyForcibly();
    try {
      master.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void launch() throws IOException {
    master = server("master", masterPort, List.of());
    server("replica", replicaPort, List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort)));
    for (int i = 0; i < 3; i++) {
      int port = TestRedis.freePort();
      sentinelPorts.add(port);
      Path conf = dir.resolve("sentinel-" + i + ".conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "port " + port,
              "bind 127.0.0.1",
              "dir " + dir,
              "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
              "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
              "sentinel failover-timeout " + MASTER_NAME + " 5000",
              "sentinel parallel-syncs " + MASTER_NAME + " 1",
              ""));
      start("sentinel-" + i, port, List.of(binary, conf.toString(), "--sentinel"));
    }
  }

  private Process server(String name, int port, List<String> extra) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--dbfilename",
                name + ".rdb"));
    command.addAll(extra);
    return start(name, port, command);
  }

  private Process start(String name, int port, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start();
    processes.add(process);
    awaitPort(port, Duration.ofSeconds(10));
    return process;
  }

  private void awaitPort(int port, Duration timeout) throws IOException {
    long until = System.nanoTime() + timeout.toNanos();
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
    for (Process process : processes.reversed()) {
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
