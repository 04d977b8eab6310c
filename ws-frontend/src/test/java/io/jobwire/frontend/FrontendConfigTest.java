package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FrontendConfigTest {

  @Test
  void defaults_are_the_documented_ones() {
    FrontendConfig config = FrontendConfig.defaults();

    assertEquals("127.0.0.1", config.host());
    assertEquals(8080, config.port());
    assertEquals("tcp://127.0.0.1:5555", config.ingressBind());
    assertNull(config.replyTo());
    assertEquals(Set.of("*"), config.topics());
    assertEquals(64 * 1024, config.maxFrameBytes());
    assertEquals(100, config.maxSubscriptionsPerConnection());
    assertEquals(AuthMode.NONE, config.auth());
    assertTrue(config.frontendId().startsWith("fe-"), config.frontendId());
  }

  @Test
  void each_config_gets_its_own_random_frontend_id() {
    assertNotEquals(FrontendConfig.defaults().frontendId(), FrontendConfig.defaults().frontendId());
  }

  @Test
  void star_allows_any_topic_and_a_list_only_its_topics() {
    assertTrue(FrontendConfig.defaults().allowsTopic("anything"));
    FrontendConfig listed = FrontendConfig.builder().topics("ping", "sysinfo").build();

    assertTrue(listed.allowsTopic("ping"));
    assertFalse(listed.allowsTopic("command"));
  }

  @Test
  void to_builder_round_trips() {
    FrontendConfig config =
        FrontendConfig.builder().port(0).topics("a").replyTo("tcp://10.0.0.5:5555").build();

    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void build_rejects_values_that_cannot_work() {
    assertThrows(
        IllegalArgumentException.class, () -> FrontendConfig.builder().port(70000).build());
    assertThrows(IllegalArgumentException.class, () -> FrontendConfig.builder().host(" ").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> FrontendConfig.builder().ingressBind("127.0.0.1:5555").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> FrontendConfig.builder().replyTo("tcp://*:5555").build());
    assertThrows(IllegalArgumentException.class, () -> FrontendConfig.builder().topics().build());
    assertThrows(
        IllegalArgumentException.class, () -> FrontendConfig.builder().maxFrameBytes(10).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> FrontendConfig.builder().maxSubscriptionsPerConnection(0).build());
  }
}
