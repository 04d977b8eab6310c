package io.jobwire.launcher.service;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.embedded.core.ExecutableProvider;

/**
 * The Redis the demo and {@code bench} run when no other is given: the binary that embedded-redis
 * ships, run as a child process that this class alone stops. (embedded-redis's own server class
 * stops it from a JVM shutdown hook of its own, which races the broker's last writes.)
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Process process;
  private final int port;
  private final String kind;

  private EmbeddedRedis(Process process, int port, String kind) {
    this.process = process;
    this.port = port;
    this.kind = kind;
  }

  /**
   * Starts the shipped binary on {@code preferredPort} if it is free, else on any free loopback
   * port.
   */
  public static EmbeddedRedis start(int preferredPort) throws IOException {
    return start(preferredPort, false);
  }

  /**
   * Like {@link #start(int)}; with {@code preferPath}, {@code redis-server} from the PATH (what
   * production runs) when there is one.
   */
  public static EmbeddedRedis start(int preferredPort, boolean preferPath) throws IOException {
    int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : anyFreePort();
    Path dir = Files.createTempDirectory("jobwire-redis-");
    String onPath = preferPath ? redisServerOnPath() : null;
    String binary =
        onPath != null
            ? onPath
            : ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
    Process process =
        new ProcessBuilder(
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
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    var redis = new EmbeddedRedis(process, port, onPath != null ? "redis-server" : "embedded");
    redis.awaitListening(dir);
    return redis;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** "redis-server" (from the PATH) or "embedded" (the binary embedded-redis ships). */
  public String kind() {
    return kind;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private void awaitListening(Path dir) throws IOException {
    long until = System.nanoTime() + START_TIMEOUT_NANOS;
    while (true) {
      try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > until) {
          process.destroyForcibly();
          throw new IOException(
              "embedded Redis did not start on port " + port + "; see " + dir.resolve("redis.log"),
              e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  private static String redisServerOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    return null;
  }

  private static boolean isFree(int port) {
    try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFreePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
