package io.jobwire.queue.testing;

import io.jobwire.queue.local.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis master, one replica and three sentinels watching them, all {@code redis-server} processes
 * from the PATH on loopback ports ({@link LocalRedis}), with their files under the build's {@code
 * java.io.tmpdir}. The sentinels take the master for down after one second of silence; quorum 2.
 * {@link #close()} SIGKILLs them all, newest first.
 */
public final class TestSentinels implements AutoCloseable {
  public static final String MASTER_NAME = "jobwire-test";

  private final Path binary;
  private final Path dir;
  private final int masterPort;
  private final int replicaPort;
  private final List<LocalRedis> servers = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();

  private TestSentinels(Path binary) throws IOException {
    this.binary = binary;
    this.dir = LocalRedis.newDir("sentinel-");
    this.masterPort = LocalRedis.freePort();
    this.replicaPort = LocalRedis.freePort();
  }

  /** True when {@code redis-server} is on the PATH (Sentinel needs the real binary). */
  public static boolean available() {
    return LocalRedis.onPath("redis-server").isPresent();
  }

  public static TestSentinels start() {
    try {
      var set = new TestSentinels(LocalRedis.onPath("redis-server").orElseThrow());
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
    servers.getFirst().kill();
  }

  private void launch() throws IOException {
    start(server("master").port(masterPort));
    start(
        server("replica")
            .port(replicaPort)
            .args(List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort))));
    for (int i = 0; i < 3; i++) {
      LocalRedis sentinel =
          start(
              server("sentinel-" + i)
                  .sentinel(
                      List.of(
                          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                          "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                          "sentinel failover-timeout " + MASTER_NAME + " 5000",
                          "sentinel parallel-syncs " + MASTER_NAME + " 1")));
      sentinelPorts.add(sentinel.port());
    }
  }

  private LocalRedis.Builder server(String name) {
    return LocalRedis.builder(binary, dir).name(name);
  }

  private LocalRedis start(LocalRedis.Builder server) throws IOException {
    LocalRedis started = server.start();
    servers.add(started);
    return started;
  }

  @Override
  public void close() {
    servers.reversed().forEach(LocalRedis::kill);
  }
}
