package io.jobwire.launcher.service;

import io.jobwire.queue.local.LocalRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.core.ExecutableProvider;

/**
 * The Redis the demo and {@code bench} run when no other is given: the binary that embedded-redis
 * ships, run as a child process ({@link LocalRedis}) that this class alone stops. (embedded-redis's
 * own server class stops it from a JVM shutdown hook of its own, which races the broker's last
 * writes.)
 */
public final class EmbeddedRedis implements AutoCloseable {
  private final LocalRedis server;
  private final String kind;

  private EmbeddedRedis(LocalRedis server, String kind) {
    this.server = server;
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
    int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : 0;
    Path onPath = preferPath ? LocalRedis.onPath("redis-server").orElse(null) : null;
    Path binary =
        onPath != null ? onPath : ExecutableProvider.newJarResourceProvider().get().toPath();
    Path dir = Files.createTempDirectory("jobwire-redis-");
    LocalRedis server = LocalRedis.builder(binary, dir).port(port).start();
    return new EmbeddedRedis(server, onPath != null ? "redis-server" : "embedded");
  }

  public String uri() {
    return server.uri();
  }

  /** "redis-server" (from the PATH) or "embedded" (the binary embedded-redis ships). */
  public String kind() {
    return kind;
  }

  @Override
  public void close() {
    server.close();
  }

  private static boolean isFree(int port) {
    try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
