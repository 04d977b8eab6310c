package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.client.WsClient;
import io.jobwire.security.testing.TestCa;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TLS flags and our own clients over wss://, against a stack with real example workers. */
class TlsCommandsTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final TestCa ca = TestCa.get();

  @RegisterExtension
  static final StackExtension stack =
      StackExtension.examples(4).frontend(f -> f.topics(Set.of("ping")).tls(ca.pemTls()));

  @Test
  void ws_client_with_the_test_ca_gets_a_ping_result_over_wss() throws Exception {
    String url = stack.get().webSocketUrl("localhost");
    assertTrue(url.startsWith("wss://localhost:"), url);
    try (var client = WsClient.connect(url, ca.clientContext())) {
      client.next("welcome", WAIT);
      client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":0}}");
      assertEquals("result", client.next("result", WAIT).path("op").asText());
    }
  }

  @Test
  void bench_ping_latency_reaches_a_wss_front_end_with_tls_ca() {
    CliRun run =
        CliRun.jobwire(
            "bench",
            "ping-latency",
            "--url",
            stack.webSocketUrl(),
            "--tls-ca",
            ca.caPem().toString(),
            "--count",
            "3",
            "--warmup",
            "1");
    assertEquals(0, run.exit(), run.output());
  }

  @Test
  void a_cert_without_its_key_stops_the_frontend_before_it_starts_and_says_why() {
    CliRun run =
        CliRun.jobwire(
            "frontend",
            "--redis",
            stack.redisUri(),
            "--port",
            "0",
            "--ingress",
            "tcp://127.0.0.1:*",
            "--tls-cert",
            ca.serverChainPem().toString());
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("needs both --tls-cert and --tls-key"), run.output());
  }

  @Test
  void a_key_that_does_not_fit_stops_the_broker_and_names_the_files() {
    CliRun run =
        CliRun.jobwire(
            "broker",
            "--redis",
            stack.redisUri(),
            "--bind",
            "tcp://127.0.0.1:*",
            "--http-port",
            String.valueOf(TestPorts.free()),
            "--tls-cert",
            ca.serverChainPem().toString(),
            "--tls-key",
            ca.strangerKeyPem().toString());
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("does not belong"), run.output());
  }

  @Test
  void help_lists_the_tls_flags_and_their_environment_variables() {
    for (String command : new String[] {"frontend", "broker", "demo"}) {
      String help = CliRun.jobwire(command, "--help").output();
      for (String flag :
          new String[] {
            "--tls-cert",
            "JOBWIRE_TLS_CERT",
            "--tls-key",
            "JOBWIRE_TLS_KEY",
            "--tls-keystore",
            "JOBWIRE_TLS_KEYSTORE",
            "--tls-keystore-password",
            "JOBWIRE_TLS_KEYSTORE_PASSWORD"
          }) {
        assertTrue(help.contains(flag), command + " --help lacks " + flag);
      }
    }
    String demo = CliRun.jobwire("demo", "--help").output();
    assertTrue(demo.contains("JOBWIRE_ADMIN_KEY"), demo);
    String bench = CliRun.jobwire("bench", "ping-latency", "--help").output();
    assertTrue(bench.contains("JOBWIRE_TLS_CA"), bench);
  }
}
