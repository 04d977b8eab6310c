package io.jobwire.launcher;

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
 * The Redis the demo runs when no {@code --redis} is given: the binary that embedded-redis ships,
 * run as a child process that this class alone stops. (embedded-redis's own server class stops it
 * from a JVM shutdown hook of its own, which races the broker's last writes.)
 */
final class EmbeddedRedis implements AutoCloseable {
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Process process;
  private final int port;

  private EmbeddedRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts on {@code preferredPort} if it is free, else on any free loopback port. */
  static EmbeddedRedis start(int preferredPort) throws IOException {
    int port = isFree(preferredPort) ? preferredPort : anyFreePort();
    Path dir = Files.createTempDirectory("jobwire-redis-");
    String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
    Process process =
        new ProcessBuilder(
                binary, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    var redis = new EmbeddedRedis(process, port);
    redis.awaitListening(dir);
    return redis;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
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
