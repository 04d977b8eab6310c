package io.jobwire.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** The Redis the demo and {@code bench} run inside their own process when no other is given. */
public final class EmbeddedRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on {@code preferredPort} if it is free, else on any free loopback port. */
  public static EmbeddedRedis start(int preferredPort) throws IOException {
    int port = isFree(preferredPort) ? preferredPort : anyFreePort();
    Path dir = Files.createTempDirectory("jobwire-redis-");
    RedisServer server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("dir " + dir)
            // We stop it ourselves, after the broker: its own hook would race ours.
            .onShutdownForceStop(false)
            .build();
    server.start();
    return new EmbeddedRedis(server, port);
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    server.stop();
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
