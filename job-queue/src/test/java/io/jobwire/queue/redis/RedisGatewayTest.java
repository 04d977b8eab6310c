package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.QueueUnavailableException;
import io.jobwire.queue.testing.TestRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedisGatewayTest {

  @Test
  void one_failed_call_is_not_health_though_the_breaker_is_still_closed() {
    var config =
        QueueConfig.builder()
            .redisUri("redis://127.0.0.1:1")
            .retryAttempts(1)
            .retryBackoff(Duration.ofMillis(1))
            .build();
    try (var gateway = new RedisGateway(config)) {
      assertThrows(QueueUnavailableException.class, () -> gateway.call(r -> r.ping()));
      assertFalse(gateway.healthy(), "a broker asking healthy() would log that it resumes");
    }
  }

  @Test
  void a_call_that_reached_redis_is_health() {
    try (var redis = TestRedis.start();
        var gateway = new RedisGateway(QueueConfig.builder().redisUri(redis.uri()).build())) {
      gateway.call(r -> r.ping());
      assertTrue(gateway.healthy());
    }
  }

  @Test
  void health_comes_back_with_the_first_call_that_reaches_redis_after_an_outage() {
    try (var redis = TestRedis.start();
        var gateway =
            new RedisGateway(
                QueueConfig.builder()
                    .redisUri(redis.uri())
                    .breakerOpenFor(Duration.ofMillis(200))
                    .build())) {
      redis.stop();
      for (int i = 0; i < 10; i++) {
        assertThrows(QueueUnavailableException.class, () -> gateway.call(r -> r.ping()));
      }
      assertFalse(gateway.healthy());
      redis.restart();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                try {
                  gateway.call(r -> r.ping());
                } catch (QueueUnavailableException e) {
                  return false;
                }
                return gateway.healthy();
              });
    }
  }

  @Test
  void a_claim_is_not_tried_again_after_a_dropped_connection_but_an_ack_is() throws Exception {
    try (var dropping = new DroppingServer()) {
      var config =
          QueueConfig.builder()
              .redisUri("redis://127.0.0.1:" + dropping.port())
              .retryAttempts(3)
              .retryBackoff(Duration.ofMillis(1))
              .build();
      try (var gateway = new RedisGateway(config)) {
        var keys = gateway.keys().topic("1").all();
        var ack = new RedisGateway.ScriptCall(Scripts.ACK, keys, List.of("0"));
        var claim = new RedisGateway.ScriptCall(Scripts.CLAIM, keys, List.of("1000"));

        assertThrows(QueueUnavailableException.class, () -> gateway.runAll(0, List.of(ack)));
        // accepts are counted in order, each before the client sees its connection close: once
        // a call failed, every connection opened before it is counted
        int afterAck = dropping.accepted();
        assertThrows(QueueUnavailableException.class, () -> gateway.runAll(0, List.of(ack, claim)));
        int claimTries = dropping.accepted() - afterAck;

        assertTrue(afterAck >= 2, "the ack is tried again (" + afterAck + " connections)");
        assertTrue(claimTries <= 1, "a pipeline holding the claim ran " + claimTries + " times");
      }
    }
  }

  /** Accepts connections and closes each at once, as a Redis whose connections drop. */
  private static final class DroppingServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor = new Thread(this::accept, "dropping-server");

    DroppingServer() throws IOException {
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          accepted.incrementAndGet();
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
