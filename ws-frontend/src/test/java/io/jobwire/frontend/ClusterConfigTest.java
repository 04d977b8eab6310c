package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void a_front_end_is_alone_with_history_in_memory_unless_told_otherwise() {
    ClusterConfig config = FrontendConfig.defaults().cluster();

    assertFalse(config.enabled());
    assertEquals(ClusterConfig.History.MEMORY, config.history());
  }

  @Test
  void history_in_redis_needs_a_redis_and_a_namespace_without_braces() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClusterConfig(null, "main", ClusterConfig.History.REDIS));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClusterConfig("redis://h:6379", "a{b}", ClusterConfig.History.REDIS));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClusterConfig("http://h:6379", "main", ClusterConfig.History.REDIS));
    assertTrue(ClusterConfig.redis("redis://h:6379").enabled());
    assertEquals(
        ClusterConfig.History.MEMORY,
        ClusterConfig.redis("redis://h:6379").withHistory(ClusterConfig.History.MEMORY).history());
  }
}
