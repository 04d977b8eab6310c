package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.HandshakeRefusedException;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** What a client sees on its own connection: handshake, errors, ping, status. */
class ConnectionTest extends LiveFrontend {

  @Override
  FrontendConfig.Builder config() {
    return super.config().topics("ping", "sysinfo").maxSubscriptionsPerConnection(2);
  }

  @Test
  void welcome_is_the_first_frame() {
    TestClient client = rawClient("jobwire.v1");

    JsonNode welcome = client.next();

    assertEquals("welcome", welcome.path("op").asText());
    assertTrue(welcome.path("conn").asText().startsWith("c-"), welcome.toString());
    assertTrue(welcome.has("user") && welcome.get("user").isNull(), welcome.toString());
    assertEquals("jobwire.v1", welcome.path("protocol").asText());
    assertEquals("jobwire.v1", client.subprotocol());
  }

  @Test
  void a_client_without_a_subprotocol_is_welcome_too() {
    TestClient client = rawClient();

    assertEquals("welcome", client.next().path("op").asText());
    assertEquals("", client.subprotocol());
  }

  @Test
  void a_client_asking_only_for_another_subprotocol_is_refused() {
    UncheckedIOException refused =
        assertThrows(UncheckedIOException.class, () -> rawClient("graphql-ws"));

    HandshakeRefusedException handshake =
        assertInstanceOf(HandshakeRefusedException.class, refused.getCause());
    assertEquals(400, handshake.status());
  }

  @Test
  void ping_is_answered_with_pong_and_ref() {
    TestClient client = client();

    client.send("{\"op\":\"ping\",\"ref\":42}");

    JsonNode pong = client.next("pong");
    assertEquals(42, pong.path("ref").asInt());
  }

  @Test
  void malformed_json_and_unknown_op_get_error_and_the_connection_keeps_working() {
    TestClient client = client();

    client.send("{not json");
    JsonNode badJson = client.next("error");
    client.send("{\"op\":\"dance\",\"ref\":\"r1\"}");
    JsonNode unknownOp = client.next("error");
    client.send("{\"op\":\"status\",\"ref\":\"r2\"}");
    JsonNode badRequest = client.next("error");
    client.send("{\"op\":\"ping\",\"ref\":\"still-there\"}");

    assertEquals("bad_json", badJson.path("code").asText());
    assertEquals("unknown_op", unknownOp.path("code").asText());
    assertEquals("r1", unknownOp.path("ref").asText());
    assertEquals("bad_request", badRequest.path("code").asText());
    assertEquals("r2", badRequest.path("ref").asText());
    assertEquals("still-there", client.next("pong").path("ref").asText());
  }

  @Test
  void binary_frame_gets_error() {
    TestClient client = client();

    client.sendBinary(new byte[] {1, 2, 3});

    assertEquals("bad_request", client.next("error").path("code").asText());
    client.send("{\"op\":\"ping\",\"ref\":1}");
    client.next("pong");
  }

  @Test
  void oversized_frame_gets_frame_too_large() {
    TestClient client = client();
    String padding = "x".repeat(FrontendConfig.DEFAULT_MAX_FRAME_BYTES);

    client.send("{\"op\":\"ping\",\"ref\":1,\"pad\":\"" + padding + "\"}");

    JsonNode error = client.next("error");
    assertEquals("frame_too_large", error.path("code").asText());
    client.send("{\"op\":\"ping\",\"ref\":2}");
    assertEquals(2, client.next("pong").path("ref").asInt());
  }

  @Test
  void a_much_larger_frame_is_refused_the_same_way() {
    TestClient client = client();

    client.send("\"" + "y".repeat(4 * 1024 * 1024) + "\"");

    assertEquals("frame_too_large", client.next("error").path("code").asText());
    client.send("{\"op\":\"ping\",\"ref\":2}");
    assertEquals(2, client.next("pong").path("ref").asInt());
  }

  @Test
  void a_message_sent_in_fragments_is_read_whole() {
    TestClient client = client();

    client.sendFragments("{\"op\":\"pi", "ng\",\"re", "f\":11}");

    assertEquals(11, client.next("pong").path("ref").asInt());
  }

  @Test
  void fragments_of_an_oversized_message_count_together() {
    TestClient client = client();
    String half = "z".repeat(FrontendConfig.DEFAULT_MAX_FRAME_BYTES / 2 + 10);

    client.sendFragments("{\"op\":\"ping\",\"pad\":\"", half, half, "\"}");

    assertEquals("frame_too_large", client.next("error").path("code").asText());
    client.send("{\"op\":\"ping\",\"ref\":12}");
    assertEquals(12, client.next("pong").path("ref").asInt());
  }

  @Test
  void a_frame_just_under_the_limit_is_accepted() {
    TestClient client = client();
    String message = "{\"op\":\"ping\",\"ref\":3,\"pad\":\"\"}";
    String padding = "x".repeat(FrontendConfig.DEFAULT_MAX_FRAME_BYTES - message.length());

    client.send("{\"op\":\"ping\",\"ref\":3,\"pad\":\"" + padding + "\"}");

    assertEquals(3, client.next("pong").path("ref").asInt());
  }

  @Test
  void subscribe_to_a_topic_not_allowed_gets_unknown_topic() {
    TestClient client = client();

    client.send("{\"op\":\"subscribe\",\"ref\":5,\"topic\":\"command\"}");

    JsonNode error = client.next("error");
    assertEquals("unknown_topic", error.path("code").asText());
    assertEquals(5, error.path("ref").asInt());
    assertEquals(0, frontend.stats().subscriptions());
  }

  @Test
  void subscribing_beyond_the_limit_gets_too_many_subscriptions() {
    TestClient client = client();

    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    client.next("subscribed");
    client.send("{\"op\":\"subscribe\",\"ref\":2,\"topic\":\"ping\"}");
    client.next("subscribed");
    client.send("{\"op\":\"subscribe\",\"ref\":3,\"topic\":\"ping\"}");

    JsonNode error = client.next("error");
    assertEquals("too_many_subscriptions", error.path("code").asText());
    assertEquals(3, error.path("ref").asInt());
  }

  @Test
  void resume_of_an_unknown_sub_gets_not_found() {
    TestClient client = client();

    client.send("{\"op\":\"subscribe\",\"ref\":1,\"resume\":{\"sub\":\"s-gone\",\"after\":3}}");

    JsonNode error = client.next("error");
    assertEquals("not_found", error.path("code").asText());
    assertTrue(error.path("message").asText().contains("s-gone"), error.toString());
  }

  @Test
  void unsubscribe_of_an_unknown_sub_gets_not_found() {
    TestClient client = client();

    client.send("{\"op\":\"unsubscribe\",\"ref\":9,\"sub\":\"s-nope\"}");

    JsonNode error = client.next("error");
    assertEquals("not_found", error.path("code").asText());
    assertEquals(9, error.path("ref").asInt());
  }

  @Test
  void unsubscribe_of_another_connections_sub_gets_not_found() {
    TestClient owner = client();
    TestClient other = client();
    owner.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    String sub = owner.next("subscribed").path("sub").asText();

    other.send("{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + sub + "\"}");

    assertEquals("not_found", other.next("error").path("code").asText());
    assertEquals(1, frontend.stats().subscriptions());
  }

  @Test
  void status_returns_the_job_state() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":3}}");
    String job = client.next("subscribed").path("job").asText();

    client.send("{\"op\":\"status\",\"ref\":\"st\",\"job\":\"" + job + "\"}");

    JsonNode status = client.next("status");
    assertEquals("st", status.path("ref").asText());
    assertEquals(job, status.path("job").asText());
    assertEquals("queued", status.path("state").asText());
    assertEquals(0, status.path("attempts").asInt());
    assertTrue(status.has("progress") && status.has("error"), status.toString());
  }

  @Test
  void status_of_an_unknown_job_gets_not_found() {
    TestClient client = client();

    client.send("{\"op\":\"status\",\"ref\":1,\"job\":\"j-unknown\"}");

    assertEquals("not_found", client.next("error").path("code").asText());
  }

  @Test
  void status_of_another_users_job_gets_forbidden() {
    TestClient client = client();
    String job =
        queue.enqueue(JobRequest.of("ping", Codec.mapper().createObjectNode()).withUser("alice"));

    client.send("{\"op\":\"status\",\"ref\":1,\"job\":\"" + job + "\"}");

    assertEquals("forbidden", client.next("error").path("code").asText());
  }

  @Test
  void auth_is_refused_while_authentication_is_off() {
    TestClient client = client();

    client.send("{\"op\":\"auth\",\"ref\":1,\"token\":\"t\"}");

    JsonNode error = client.next("error");
    assertEquals("bad_request", error.path("code").asText());
    assertEquals(1, error.path("ref").asInt());
  }
}
