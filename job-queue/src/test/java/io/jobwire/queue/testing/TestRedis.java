package io.jobwire.queue.testing;

import io.jobwire.queue.local.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis for tests, on a free loopback port: {@code redis-server} from the PATH when there is
 * one (CI installs it), else the binary shipped in embedded-redis. Its files go under the build's
 * {@code java.io.tmpdir} (target/tmp). A thin {@link LocalRedis}.
 */
public final class TestRedis implements AutoCloseable {
  private final LocalRedis.Builder spec;
  private final int port;
  private LocalRedis server;

  private TestRedis(LocalRedis.Builder spec, LocalRedis server) {
    this.port = server.port();
    this.spec = spec.port(port);
    this.server = server;
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
      var spec = LocalRedis.builder(binary(), LocalRedis.newDir("redis-")).appendOnly(persistent);
      return new TestRedis(spec, spec.start());
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
    if (server != null) {
      server.kill();
      server = null;
    }
  }

  /** Starts the server again on the same port. */
  public void restart() {
    stop();
    try {
      server = spec.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static Path binary() throws IOException {
    var onPath = LocalRedis.onPath("redis-server");
    if (onPath.isPresent()) {
      return onPath.get();
    }
    return ExecutableProvider.newJarResourceProvider().get().toPath();
  }
}
