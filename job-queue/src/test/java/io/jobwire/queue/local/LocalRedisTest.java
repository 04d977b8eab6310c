package io.jobwire.queue.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

class LocalRedisTest {
  static Path binary;

  @BeforeAll
  static void needsRedisServer() {
    binary = LocalRedis.onPath("redis-server").orElse(null);
    assumeTrue(binary != null, "redis-server is not on the PATH");
  }

  @Test
  void starts_on_a_free_loopback_port_and_comes_back_with_its_append_only_file_after_a_kill()
      throws IOException {
    var spec = LocalRedis.builder(binary, LocalRedis.newDir("local-redis-")).appendOnly(true);
    LocalRedis redis = spec.start();
    int port = redis.port();
    assertNotEquals(6379, port);
    assertEquals("redis://127.0.0.1:" + port, redis.uri());
    try (var client = new Jedis(new HostAndPort("127.0.0.1", port))) {
      client.set("k", "v");
    }
    redis.kill();
    try (var again = spec.port(port).start();
        var client = new Jedis(new HostAndPort("127.0.0.1", again.port()))) {
      assertEquals("v", client.get("k"));
    }
  }

  @Test
  void says_where_its_log_is_when_the_named_port_is_taken() throws IOException {
    try (var taken = new ServerSocket(0)) {
      var spec = LocalRedis.builder(binary, LocalRedis.newDir("local-redis-"));
      var failure = assertThrows(IOException.class, () -> spec.port(taken.getLocalPort()).start());
      assertTrue(failure.getMessage().contains("redis.log"), failure.getMessage());
    }
  }
}
