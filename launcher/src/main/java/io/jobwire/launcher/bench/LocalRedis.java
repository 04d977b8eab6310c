package io.jobwire.launcher.bench;

import io.jobwire.launcher.EmbeddedRedis;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * The Redis a bench runs against when none is given: {@code redis-server} from the PATH (what
 * production would run), else the one embedded-redis ships.
 */
final class LocalRedis implements AutoCloseable {
  private final Process process;
  private final EmbeddedRedis embedded;
  private final String uri;

  private LocalRedis(Process process, EmbeddedRedis embedded, String uri) {
    this.process = process;
    this.embedded = embedded;
    this.uri = uri;
  }

  static LocalRedis start() throws IOException {
    String onPath = redisServerOnPath();
    if (onPath == null) {
      EmbeddedRedis redis = EmbeddedRedis.start(0);
      return new LocalRedis(null, redis, redis.uri());
    }
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                onPath, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitPort(port, Duration.ofSeconds(10));
    return new LocalRedis(process, null, "redis://127.0.0.1:" + port);
  }

  String uri() {
    return uri;
  }

  /** "redis-server (PATH)" or "embedded". */
  String kind() {
    return process != null ? "redis-server" : "embedded";
  }

  private static String redisServerOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  private static void awaitPort(int port, Duration timeout) throws IOException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new IOException("redis-server did not listen on port " + port + " within " + timeout, e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting redis-server", interrupted);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      embedded.close();
    }
  }
}
