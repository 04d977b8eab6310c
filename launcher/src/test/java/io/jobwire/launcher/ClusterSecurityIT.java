package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.HandshakeRefusedException;
import io.jobwire.client.WsClient;
import io.jobwire.launcher.cluster.ClusterKeys;
import io.jobwire.launcher.cluster.ClusterNode;
import io.jobwire.launcher.cluster.LocalCluster;
import io.jobwire.security.TlsConfig;
import io.jobwire.security.testing.TestCa;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster with its ZeroMQ sockets under CURVE, and a front end serving TLS. */
class ClusterSecurityIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern REFUSED =
      Pattern.compile("(?m)^jobwire_frontend_curve_refused_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

  private LocalCluster cluster;
  private ClusterKeys keys;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void under_curve_jobs_run_on_both_front_ends_and_a_pusher_with_an_unknown_key_delivers_nothing()
      throws Exception {
    keys = ClusterKeys.generate("curve");
    cluster = LocalCluster.twoOfEach("curve", 4, keys.args());
    ClusterNode fe2 = cluster.node("fe2");
    try (var onFe1 = WsClient.connect(cluster.node("fe1").wsUrl());
        var onFe2 = WsClient.connect(fe2.wsUrl())) {
      String sub = null;
      for (WsClient client : List.of(onFe1, onFe2)) { // workers reach both ingresses via CURVE
        client.next("welcome", WAIT);
        client.send(
            "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":10}}");
        sub = client.next("subscribed", WAIT).path("sub").asText();
        assertEquals(1, client.next("result", WAIT).path("data").path("ticks").asInt());
      }

      double refusedBefore = refused(fe2);
      push(fe2, sub, "stranger", "{\"from\":\"stranger\"}"); // fails: refused (exit 1)
      await().atMost(WAIT).until(() -> refused(fe2) > refusedBefore);
      push(fe2, sub, "pusher", "{\"from\":\"pusher\"}");

      JsonNode next = onFe2.next("result", WAIT);
      assertEquals("pusher", next.path("data").path("from").asText(), next::toString);
      System.out.printf(
          "[cluster] CURVE: a push with a key fe2 does not know delivered nothing; refused count"
              + " %.0f -> %.0f%n",
          refusedBefore, refused(fe2));
    }
  }

  @Test
  void a_wss_client_with_the_test_ca_is_served_and_a_plain_client_to_the_tls_port_fails()
      throws Exception {
    TestCa ca = TestCa.get(); // its server certificate names localhost and 127.0.0.1
    cluster = LocalCluster.start("tls");
    cluster.broker("b1", "127.0.0.4");
    ClusterNode fe =
        cluster.frontend(
            "fe1",
            "127.0.0.1",
            "--tls-cert",
            ca.serverChainPem().toString(),
            "--tls-key",
            ca.serverKeyPem().toString());
    cluster.workers("p1", List.of("b1"), 2);
    cluster.awaitReady();

    assertTrue(fe.wsUrl().startsWith("wss://"), fe.wsUrl());
    try (var client = WsClient.connect(fe.wsUrl(), TlsConfig.clientTrusting(ca.caPem()))) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":10}}");
      assertEquals(1, client.next("result", WAIT).path("data").path("ticks").asInt());
    }
    String plain = "ws://127.0.0.1:" + fe.port("http") + "/ws";
    var e = assertThrows(UncheckedIOException.class, () -> WsClient.connect(plain).close());
    assertNotEquals(
        HandshakeRefusedException.class,
        e.getCause().getClass(),
        "the connection breaks, no HTTP answer comes back: " + e);
  }

  /**
   * {@code jobwire push} of a result into {@code sub} at the front end, as {@code key}. Fails the
   * test unless the push fails exactly when the key is the stranger's.
   */
  private void push(ClusterNode frontend, String sub, String key, String data) {
    CliRun run =
        CliRun.jobwire(
            "push",
            "--to",
            frontend.zmqEndpoint(),
            "--sub",
            sub,
            "--data",
            data,
            "--curve-secret",
            keys.secretKey(key).toString(),
            "--frontend-key",
            keys.publicKey("frontend").toString());
    assertEquals(
        key.equals("stranger"),
        run.exit() != 0,
        "push as " + key + ": exit " + run.exit() + " " + run.output());
  }

  /** The front end's {@code jobwire_frontend_curve_refused_total}. */
  private static double refused(ClusterNode frontend) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(frontend.httpBase() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = REFUSED.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
