package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code auth token}: single-use connect tokens, consumed once, off the IO threads. */
class TokenAuthTest extends TokenAuthFrontend {
  static final String ADMIN_KEY = "admin-key-for-tests-0123456789";

  @Override
  FrontendConfig.Builder config() {
    return super.config().adminKey(ADMIN_KEY);
  }

  @Test
  void a_token_on_the_url_authenticates_and_welcome_names_the_user() {
    TestClient client = clientWithQuery("token=" + issue("alice"));

    assertEquals("alice", client.next("welcome").path("user").asText());
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    assertEquals("subscribed", client.next().path("op").asText());
  }

  @Test
  void the_auth_op_authenticates_and_a_replayed_token_is_unauthorized() {
    String token = issue("bob");
    TestClient first = client();
    first.send("{\"op\":\"auth\",\"ref\":\"a\",\"token\":\"" + token + "\"}");
    JsonNode ok = first.next("authenticated");
    assertEquals("bob", ok.path("user").asText());
    assertEquals("a", ok.path("ref").asText());

    TestClient second = client();
    second.send("{\"op\":\"auth\",\"ref\":\"b\",\"token\":\"" + token + "\"}");
    JsonNode refused = second.next("error");
    assertEquals("unauthorized", refused.path("code").asText());
    assertEquals("b", refused.path("ref").asText());

    TestClient third = clientWithQuery("token=" + token);
    assertTrue(third.next("welcome").path("user").isNull());
    assertEquals("unauthorized", third.next("error").path("code").asText());
  }

  @Test
  void a_subscribe_pipelined_right_after_auth_waits_for_the_verdict() {
    TestClient client = client();
    client.send("{\"op\":\"auth\",\"ref\":\"a\",\"token\":\"" + issue("dora") + "\"}");
    client.send("{\"op\":\"subscribe\",\"ref\":\"s\",\"topic\":\"ping\"}");

    assertEquals("dora", client.next("authenticated").path("user").asText());
    JsonNode subscribed = client.next("subscribed");
    assertEquals("s", subscribed.path("ref").asText());

    TestClient refused = client();
    refused.send("{\"op\":\"auth\",\"ref\":\"a\",\"token\":\"made-up\"}");
    refused.send("{\"op\":\"subscribe\",\"ref\":\"s\",\"topic\":\"ping\"}");
    assertEquals("a", refused.next("error").path("ref").asText());
    JsonNode after = refused.next("error");
    assertEquals("unauthorized", after.path("code").asText());
    assertEquals("s", after.path("ref").asText());
  }

  @Test
  void an_unauthenticated_connection_may_only_ping_and_auth() {
    TestClient client = client();
    client.send("{\"op\":\"ping\",\"ref\":1}");
    assertEquals("pong", client.next().path("op").asText());
    for (String op :
        new String[] {
          "{\"op\":\"subscribe\",\"ref\":2,\"topic\":\"ping\"}",
          "{\"op\":\"status\",\"ref\":2,\"job\":\"j-1\"}",
          "{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"s-1\"}",
          "{\"op\":\"subscribe\",\"ref\":2,\"resume\":{\"sub\":\"s-1\",\"after\":0}}"
        }) {
      client.send(op);
      JsonNode error = client.next("error");
      assertEquals("unauthorized", error.path("code").asText(), op);
      assertEquals(2, error.path("ref").asInt());
    }
    assertEquals(0, frontend.stats().subscriptions());
  }

  @Test
  void a_second_auth_on_an_authenticated_connection_is_a_bad_request() {
    TestClient client = clientWithQuery("token=" + issue("carol"));
    client.next("welcome");
    client.send("{\"op\":\"auth\",\"ref\":1,\"token\":\"" + issue("dave") + "\"}");
    assertEquals("bad_request", client.next("error").path("code").asText());
  }

  @Test
  void post_tokens_with_the_admin_key_issues_a_token_that_connects() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + frontend.httpPort() + "/tokens");
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("X-Jobwire-Admin-Key", "wrong-key-wrong-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"erin\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, refused.statusCode());

    HttpResponse<String> issued =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("X-Jobwire-Admin-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"erin\",\"ttl_ms\":30000}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, issued.statusCode(), issued.body());
    String token = Codec.mapper().readTree(issued.body()).path("token").asText();

    TestClient client = clientWithQuery("token=" + token);
    assertEquals("erin", client.next("welcome").path("user").asText());
  }

  @Test
  void a_subscribed_job_runs_for_the_connections_user_not_one_from_params() {
    TestClient client = clientWithQuery("token=" + issue("frank"));
    client.next("welcome");
    client.send(
        "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"user\":\"mallory\"}}");
    String job = client.next("subscribed").path("job").asText();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertEquals("frank", queue.status(job).orElseThrow().user()));
  }
}
