package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.CurveConfig;
import io.jobwire.security.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveConfigTest {
  @TempDir Path dir;

  @Test
  void refuses_a_non_loopback_bind_without_keys_and_says_what_to_do() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BrokerConfig.builder().bind("tcp://0.0.0.0:5556").build());
    assertTrue(e.getMessage().contains("jobwire keys generate"), e.getMessage());
    assertTrue(e.getMessage().contains("--no-curve"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> BrokerConfig.builder().bind("tcp://*:5556").build());
  }

  @Test
  void allows_a_non_loopback_bind_when_curve_is_explicitly_disabled() {
    assertDoesNotThrow(
        () ->
            BrokerConfig.builder()
                .bind("tcp://0.0.0.0:5556")
                .curve(CurveConfig.builder().disabled(true).build())
                .build());
  }

  @Test
  void allows_a_non_loopback_bind_with_keys() throws Exception {
    TestKeys.write(dir, "broker");
    Path clients = Files.createDirectories(dir.resolve("clients"));
    assertDoesNotThrow(
        () ->
            BrokerConfig.builder()
                .bind("tcp://*:5556")
                .curve(
                    CurveConfig.builder()
                        .secretFile(dir.resolve("broker.key_secret"))
                        .clients(clients)
                        .build())
                .build());
  }

  @Test
  void loopback_endpoints_are_local() {
    for (String local :
        new String[] {
          "tcp://127.0.0.1:5556",
          "tcp://127.3.2.1:*",
          "tcp://localhost:5556",
          "tcp://[::1]:5556",
          "ipc:///tmp/jobwire",
          "inproc://x"
        }) {
      assertTrue(CurveConfig.isLocal(local), local);
    }
    for (String open :
        new String[] {
          "tcp://*:5556", "tcp://0.0.0.0:5556", "tcp://10.0.0.5:5556", "tcp://eth0:1"
        }) {
      assertFalse(CurveConfig.isLocal(open), open);
    }
  }

  @Test
  void keys_and_no_curve_together_are_refused() {
    TestKeys.write(dir, "broker");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CurveConfig.builder()
                .disabled(true)
                .secretFile(dir.resolve("broker.key_secret"))
                .clients(dir)
                .build());
  }

  @Test
  void a_server_key_needs_a_clients_directory() {
    TestKeys.write(dir, "broker");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CurveConfig.builder().secretFile(dir.resolve("broker.key_secret")).build());
    assertTrue(e.getMessage().contains("--curve-clients"), e.getMessage());
  }
}
