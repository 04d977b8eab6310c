package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.testing.OversizedFrame;
import io.jobwire.security.CurveConfig;
import io.jobwire.security.CurveKeys;
import io.jobwire.security.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front end's ingress PULL with CURVE: only pushers with an allowed key get through. */
class IngressCurveTest extends LiveFrontend {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path keys;
  static CurveKeys frontendKeys;
  static CurveKeys allowed;

  @Override
  FrontendConfig.Builder config() {
    try {
      if (frontendKeys == null) {
        Path clients = Files.createDirectories(keys.resolve("clients"));
        frontendKeys = TestKeys.write(keys, "frontend");
        allowed = TestKeys.write(keys, "worker");
        TestKeys.allow(clients, "worker", allowed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return super.config()
        .curve(
            CurveConfig.builder()
                .secretFile(keys.resolve("frontend.key_secret"))
                .clients(keys.resolve("clients"))
                .build());
  }

  @Test
  void a_pusher_with_an_allowed_key_delivers_to_a_live_subscription() {
    TestClient client = client();
    String sub = subscribe(client);

    own(new TestWorker(frontend.ingressEndpoint(), allowed, frontendKeys))
        .result("j-1", sub, 1, "{\"ok\":true}");

    JsonNode result = client.next("result");
    assertEquals(sub, result.path("sub").asText());
    assertTrue(result.path("data").path("ok").asBoolean(), result.toString());
    assertEquals(0, refused());
  }

  @Test
  void a_pusher_with_a_wrong_key_delivers_nothing_and_metrics_count_it() {
    TestClient client = client();
    String sub = subscribe(client);

    own(new TestWorker(frontend.ingressEndpoint(), TestKeys.generate(), frontendKeys))
        .result("j-1", sub, 1, "{\"from\":\"stranger\"}");
    await().atMost(WAIT).until(() -> refused() >= 1);
    own(new TestWorker(frontend.ingressEndpoint(), allowed, frontendKeys))
        .result("j-1", sub, 1, "{\"from\":\"worker\"}");

    // The stranger pushed first; had it got through, its result would arrive first.
    assertEquals("worker", client.next("result").path("data").path("from").asText());
    assertEquals(1, frontend.stats().ingressMessages());
    String metrics = get("/metrics");
    assertTrue(
        Pattern.compile("(?m)^jobwire_frontend_curve_refused_total [1-9]").matcher(metrics).find(),
        metrics);
  }

  @Test
  void an_oversized_frame_header_before_the_curve_handshake_is_dropped_and_results_still_arrive() {
    TestClient client = client();
    String sub = subscribe(client);

    for (int i = 0; i < 3; i++) {
      assertTrue(
          OversizedFrame.droppedByServer(
              frontend.ingressEndpoint(), OversizedFrame.Mechanism.CURVE, WAIT),
          "the ingress kept a connection whose frame header claims 2 GiB");
    }
    own(new TestWorker(frontend.ingressEndpoint(), allowed, frontendKeys))
        .result("j-1", sub, 1, "{\"ok\":true}");

    assertTrue(client.next("result").path("data").path("ok").asBoolean());
    assertEquals(200, httpGet("/health/ready").statusCode());
  }

  @Test
  void a_non_loopback_ingress_without_keys_is_refused_at_start() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrontendConfig.builder().ingressBind("tcp://0.0.0.0:5555").build());
    assertTrue(e.getMessage().contains("jobwire keys generate"), e.getMessage());
  }

  private String subscribe(TestClient client) {
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    return client.next("subscribed").path("sub").asText();
  }

  private double refused() {
    return frontend.meterRegistry().get("jobwire.frontend.curve.refused").functionCounter().count();
  }

  private String get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
