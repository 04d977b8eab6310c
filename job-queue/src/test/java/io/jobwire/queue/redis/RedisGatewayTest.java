package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.QueueUnavailableException;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
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
}
