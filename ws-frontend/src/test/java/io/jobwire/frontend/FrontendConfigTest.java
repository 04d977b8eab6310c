package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.TlsConfig;
import java.nio.file.Path;
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
    assertEquals(Set.of(), config.allowedOrigins());
    assertEquals(Limits.defaults(), config.limits());
    assertEquals(ResumeWindow.defaults(), config.resume());
    assertEquals(TopicOptions.DEFAULTS, config.optionsOf("anything"));
    assertNull(config.adminKey());
  }

  @Test
  void secrets_never_show_in_to_string() {
    FrontendConfig config =
        FrontendConfig.builder()
            .auth(AuthMode.JWT)
            .jwtSecret("a-very-secret-key-of-32-bytes-or-more")
            .adminKey("an-admin-key-0123456789")
            .build();

    assertFalse(config.toString().contains("very-secret"), config.toString());
    assertFalse(config.toString().contains("admin-key-0123"), config.toString());
  }

  @Test
  void origins_allow_listed_ones_and_clients_without_an_origin() {
    FrontendConfig config =
        FrontendConfig.builder().allowedOrigins(Set.of("https://app.example.com")).build();

    assertTrue(config.allowsOrigin("https://app.example.com"));
    assertTrue(config.allowsOrigin(null));
    assertFalse(config.allowsOrigin("https://evil.example"));
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
    assertThrows(
        IllegalArgumentException.class,
        () -> FrontendConfig.builder().auth(AuthMode.JWT).jwtSecret("short").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TopicOptions.DEFAULTS.withEvery(java.time.Duration.ofMillis(1)));
    assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withOutbound(10, 10));
  }

  @Test
  void tls_is_off_by_default_and_survives_to_builder() {
    assertFalse(FrontendConfig.defaults().tls().enabled());
    var tls = TlsConfig.pem(Path.of("fe.crt"), Path.of("fe.key"));
    var config = FrontendConfig.builder().tls(tls).build();
    assertEquals(tls, config.toBuilder().build().tls());
  }
}
