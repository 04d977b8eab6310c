package io.jobwire.queue.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests, on a free loopback port: {@code redis-server} from the PATH when there is
 * one (CI installs it), else the binary shipped in embedded-redis. Its files go under the build's
 * {@code java.io.tmpdir} (target/tmp).
 */
public final class TestRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final boolean persistent;
  private Process process;
  private RedisServer embedded;

  private TestRedis(int port, Path dir, boolean persistent) {
    this.port = port;
    this.dir = dir;
    this.persistent = persistent;
  }

  /** Starts a fresh Redis with no persistence. */
  public static TestRedis start() {
    return start(false);
  }

  /**
   * Starts a fresh Redis that writes every change to its append-only file before replying ({@code
   * appendonly yes}, {@code appendfsync always}), so {@link #restart()} after {@link #stop()} (a
   * kill -9) comes back with every acknowledged write.
   */
  public static TestRedis startPersistent() {
    return start(true);
  }

  private static TestRedis start(boolean persistent) {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      var redis = new TestRedis(freePort(), Files.createTempDirectory(tmp, "redis-"), persistent);
      redis.launch();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the server (as a crash would), keeping its port for {@link #restart()}. */
  public void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (embedded != null) {
      try {
        embedded.stop();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      embedded = null;
    }
  }

  /** Starts the server again on the same port. */
  public void restart() {
    stop();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() throws IOException {
    String appendonly = persistent ? "yes" : "no";
    List<String> settings =
        List.of(
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            appendonly,
            "--appendfsync",
            "always",
            "--dir",
            dir.toString());
    String onPath = findOnPath("redis-server");
    if (onPath != null) {
      List<String> command = new ArrayList<>(List.of(onPath, "--port", String.valueOf(port)));
      command.addAll(settings);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } else {
      embedded =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly " + appendonly)
              .setting("appendfsync always")
              .setting("dir " + dir)
              .build();
      embedded.start();
    }
    awaitPort(Duration.ofSeconds(10));
  }

  private void awaitPort(Duration timeout) throws IOException {
    RedisProcesses.awaitPort(port, timeout, dir);
  }

  /** The absolute path of {@code name} on the PATH, or null. */
  static String findOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      File candidate = new File(entry, name);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    return null;
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
