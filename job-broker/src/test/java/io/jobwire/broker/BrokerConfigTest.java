package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.CurveConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

  @Test
  void defaults_match_the_wire_contract() {
    BrokerConfig config = BrokerConfig.builder().build();

    assertEquals("tcp://127.0.0.1:5556", config.bind());
    assertEquals("redis://127.0.0.1:6379", config.redisUri());
    assertEquals(Duration.ofSeconds(1), config.heartbeatInterval());
    assertEquals(Duration.ofSeconds(3), config.workerTimeout());
    assertEquals(3, config.defaultMaxAttempts());
    assertEquals(Duration.ofSeconds(1), config.retryBackoffBase());
    assertEquals(Duration.ofSeconds(60), config.retryBackoffCap());
  }

  @Test
  void worker_timeout_must_exceed_the_heartbeat_interval() {
    var builder =
        BrokerConfig.builder()
            .heartbeatInterval(Duration.ofSeconds(2))
            .workerTimeout(Duration.ofSeconds(1));

    var e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("workerTimeout"), e.getMessage());
  }

  @Test
  void bad_values_are_rejected_when_built() {
    assertThrows(IllegalArgumentException.class, () -> BrokerConfig.builder().bind("5556").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> BrokerConfig.builder().redisUri("localhost:6379").build());
    assertThrows(
        IllegalArgumentException.class, () -> BrokerConfig.builder().defaultMaxAttempts(0).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BrokerConfig.builder()
                .retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () -> BrokerConfig.builder().leaseDuration(Duration.ZERO).build());
  }

  @Test
  void broker_that_cannot_bind_says_so() {
    var config =
        BrokerConfig.builder()
            .bind("tcp://256.0.0.1:1")
            .curve(CurveConfig.builder().disabled(true).build()) // a non-loopback bind needs it
            .build();

    var e = assertThrows(IllegalStateException.class, () -> Broker.start(config));
    assertTrue(e.getMessage().contains("tcp://256.0.0.1:1"), e.getMessage());
  }
}
