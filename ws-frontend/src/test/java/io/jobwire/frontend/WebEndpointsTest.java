package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebEndpointsTest extends LiveFrontend {
  final HttpClient http = HttpClient.newHttpClient();

  String base() {
    return "http://127.0.0.1:" + frontend.httpPort();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serves_the_demo_page_and_the_dashboard_without_external_urls() throws Exception {
    for (String path : new String[] {"/", "/app.js", "/style.css", "/dashboard", "/dashboard.js"}) {
      var response = get(path);
      assertEquals(200, response.statusCode(), path);
      assertTrue(
          !response.body().contains("http://") && !response.body().contains("https://"), path);
    }
    assertTrue(get("/").body().contains("<title>jobwire — demo</title>"));
    assertEquals(404, get("/nope").statusCode());
  }

  @Test
  void health_is_live_and_ready_while_redis_answers_and_not_ready_when_it_is_down()
      throws Exception {
    var live = get("/health/live");
    assertEquals(200, live.statusCode());
    assertEquals("{\"status\":\"up\",\"checks\":{}}", live.body());
    var ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals(
        "{\"status\":\"up\",\"checks\":{\"enqueue\":true,\"ingress\":true,\"redis\":true}}",
        ready.body());
    redis.stop();
    try {
      var down = get("/health/ready");
      assertEquals(503, down.statusCode());
      assertTrue(down.body().contains("\"redis\":false"), down.body());
    } finally {
      redis.restart();
    }
  }

  @Test
  void metrics_count_connections_and_messages_in_prometheus_text() throws Exception {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"t\"}");
    String sub = client.next("subscribed").get("sub").asText();
    worker().push("{\"type\":\"result\",\"route\":{\"sub\":\"" + sub + "\"},\"data\":{}}");
    client.next("result");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String metrics = get("/metrics").body();
              assertTrue(metrics.contains("jobwire_frontend_connections 1.0"), metrics);
              assertTrue(metrics.contains("jobwire_frontend_subscriptions 1.0"), metrics);
              assertTrue(metrics.contains("jobwire_frontend_messages_in_total 1.0"), metrics);
              assertTrue(metrics.contains("jobwire_frontend_messages_out_total 1.0"), metrics);
              assertTrue(metrics.contains("jobwire_frontend_ingress_errors_total 0.0"), metrics);
              assertTrue(
                  metrics.contains("jobwire_frontend_event_loop_lag_seconds_count"), metrics);
            });
  }

  @Test
  void dashboard_events_stream_snapshots_with_this_front_end_and_its_connections()
      throws Exception {
    client();
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/dashboard/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = frontend.frontendId();
      String line;
      do {
        line = reader.readLine();
      } while (line != null
          && !(line.startsWith("data:")
              && line.contains("\"id\":\"" + id + "\",\"connections\":1")));
      assertTrue(line != null, "a snapshot lists this front end with its connection");
    }
  }
}
