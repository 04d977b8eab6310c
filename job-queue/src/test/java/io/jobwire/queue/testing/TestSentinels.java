package io.jobwire.queue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis master, one replica and three sentinels watching them, all {@code redis-server} processes
 * from the PATH on loopback ports, with their files under the build's {@code java.io.tmpdir}. The
 * sentinels take the master for down after one second of silence; quorum 2.
 */
public final class TestSentinels implements AutoCloseable {
  public static final String MASTER_NAME = "jobwire-test";

  private final String binary;
  private final RedisProcesses processes = new RedisProcesses("sentinel-");
  private final Path dir = processes.dir();
  private final int masterPort;
  private final int replicaPort;
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private Process master;

  private TestSentinels(String binary) throws IOException {
    this.binary = binary;
    this.masterPort = TestRedis.freePort();
    this.replicaPort = TestRedis.freePort();
  }

  /** True when {@code redis-server} is on the PATH (Sentinel needs the real binary). */
  public static boolean available() {
    return TestRedis.findOnPath("redis-server") != null;
  }

  public static TestSentinels start() {
    try {
      var set = new TestSentinels(TestRedis.findOnPath("redis-server"));
      try {
        set.launch();
      } catch (IOException | RuntimeException e) {
        set.close();
        throw e;
      }
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
    RedisProcesses.kill(master);
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
    Process process = processes.start(name, command);
    processes.awaitPort(port);
    return process;
  }

  @Override
  public void close() {
    processes.close();
  }
}
