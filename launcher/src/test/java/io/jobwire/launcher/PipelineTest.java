package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.JobState;
import io.jobwire.protocol.testing.Schemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline with real parts: Redis, broker, front end, example workers, WebSocket. */
class PipelineTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final StackExtension stack =
      StackExtension.examples(8).frontend(f -> f.topics(Set.of("ping", "sysinfo", "news")));

  static WsClient connect() throws Exception {
    var client = WsClient.connect(stack.webSocketUrl());
    JsonNode welcome = client.next(WAIT);
    Schemas.assertValid("server", welcome.toString());
    assertEquals("welcome", welcome.path("op").asText());
    return client;
  }

  static JsonNode subscribe(WsClient client, int ref, String topic, String params)
      throws Exception {
    client.send(
        "{\"op\":\"subscribe\",\"ref\":"
            + ref
            + ",\"topic\":\""
            + topic
            + "\",\"params\":"
            + params
            + "}");
    JsonNode subscribed = client.next("subscribed", WAIT);
    Schemas.assertValid("server", subscribed.toString());
    assertEquals(ref, subscribed.path("ref").asInt());
    return subscribed;
  }

  /** Frames for {@code sub} up to and including its result. */
  static List<JsonNode> untilResult(WsClient client, String sub) throws Exception {
    List<JsonNode> frames = new ArrayList<>();
    while (true) {
      JsonNode frame = client.next(f -> sub.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
      Schemas.assertValid("server", frame.toString());
      frames.add(frame);
      if (frame.path("op").asText().equals("result")) {
        return frames;
      }
    }
  }

  @Test
  void ping_reports_three_progress_then_a_result_with_seq_1_to_4() throws Exception {
    try (var client = connect()) {
      JsonNode subscribed = subscribe(client, 1, "ping", "{\"count\":3,\"interval_ms\":50}");
      String sub = subscribed.path("sub").asText();

      List<JsonNode> frames = untilResult(client, sub);

      assertEquals(4, frames.size(), frames.toString());
      for (int i = 0; i < 3; i++) {
        assertEquals("progress", frames.get(i).path("op").asText());
        assertEquals(i + 1, frames.get(i).path("data").path("tick").asInt());
      }
      assertEquals(3, frames.get(3).path("data").path("ticks").asInt());
      for (int i = 0; i < 4; i++) {
        assertEquals(i + 1, frames.get(i).path("seq").asLong());
        assertEquals(subscribed.path("job").asText(), frames.get(i).path("job").asText());
      }
    }
  }

  @Test
  void two_clients_on_one_topic_each_get_their_own_job() throws Exception {
    try (var alice = connect();
        var bob = connect()) {
      JsonNode a = subscribe(alice, 1, "ping", "{\"count\":1,\"interval_ms\":10}");
      JsonNode b = subscribe(bob, 1, "ping", "{\"count\":1,\"interval_ms\":10}");

      assertNotEquals(a.path("job").asText(), b.path("job").asText());
      assertEquals(2, untilResult(alice, a.path("sub").asText()).size());
      assertEquals(2, untilResult(bob, b.path("sub").asText()).size());
    }
  }

  @Test
  void unsubscribe_stops_delivery() throws Exception {
    try (var client = connect()) {
      String sub =
          subscribe(client, 1, "ping", "{\"count\":20,\"interval_ms\":50}").path("sub").asText();
      client.next("progress", WAIT);

      client.send("{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + sub + "\"}");
      JsonNode unsubscribed = client.next("unsubscribed", WAIT);
      assertEquals(sub, unsubscribed.path("sub").asText());

      // A second job that takes longer than several ticks of the first: if anything still came
      // for the old subscription it would be queued before this job's result.
      String other =
          subscribe(client, 3, "ping", "{\"count\":4,\"interval_ms\":50}").path("sub").asText();
      JsonNode next =
          client.next(
              f -> f.has("sub") && f.path("op").asText().matches("progress|result|failed"), WAIT);
      assertEquals(other, next.path("sub").asText(), "nothing arrives for " + sub);
      List<JsonNode> rest = untilResult(client, other);
      assertTrue(rest.stream().allMatch(f -> other.equals(f.path("sub").asText())));
    }
  }

  @Test
  void push_from_the_terminal_reaches_a_subscription() throws Exception {
    try (var client = connect()) {
      String sub =
          subscribe(client, 1, "ping", "{\"count\":1000,\"interval_ms\":1000}")
              .path("sub")
              .asText();

      int exit =
          Main.commandLine()
              .execute(
                  "push",
                  "--to",
                  stack.get().frontend().ingressEndpoint(),
                  "--sub",
                  sub,
                  "--data",
                  "{\"x\":1}");

      assertEquals(0, exit);
      JsonNode result = client.next("result", WAIT);
      Schemas.assertValid("server", result.toString());
      assertEquals(sub, result.path("sub").asText());
      assertEquals(1, result.path("data").path("x").asInt());
    }
  }

  @Test
  void publish_from_the_terminal_reaches_every_subscriber_of_the_topic() throws Exception {
    try (var first = connect();
        var second = connect()) {
      String a = subscribe(first, 1, "news", "{}").path("sub").asText();
      String b = subscribe(second, 1, "news", "{}").path("sub").asText();

      int exit =
          Main.commandLine()
              .execute(
                  "push",
                  "--to",
                  stack.get().frontend().ingressEndpoint(),
                  "--topic",
                  "news",
                  "--data",
                  "{\"headline\":\"hi\"}");

      assertEquals(0, exit);
      for (var pair : List.of(List.of(first, a), List.of(second, b))) {
        JsonNode event = ((WsClient) pair.get(0)).next("event", WAIT);
        Schemas.assertValid("server", event.toString());
        assertEquals(pair.get(1), event.path("sub").asText());
        assertEquals("hi", event.path("data").path("headline").asText());
      }
    }
  }

  @Test
  void push_to_an_endpoint_where_nothing_listens_fails_with_a_clear_message() {
    int exit =
        Main.commandLine()
            .execute(
                "push",
                "--to",
                "tcp://127.0.0.1:1",
                "--timeout",
                "PT0.3S",
                "--sub",
                "s-x",
                "--data",
                "{}");

    assertEquals(1, exit);
  }

  @Test
  void malformed_json_and_unknown_op_get_error_and_the_connection_keeps_working() throws Exception {
    try (var client = connect()) {
      client.send("{not json");
      JsonNode badJson = client.next("error", WAIT);
      assertEquals("bad_json", badJson.path("code").asText());

      client.send("{\"op\":\"dance\",\"ref\":7}");
      JsonNode unknown = client.next("error", WAIT);
      assertEquals("unknown_op", unknown.path("code").asText());
      assertEquals(7, unknown.path("ref").asInt());
      Schemas.assertValid("server", unknown.toString());

      String sub = subscribe(client, 8, "ping", "{\"count\":0}").path("sub").asText();
      assertEquals(1, untilResult(client, sub).size());
    }
  }

  @Test
  void status_reports_a_finished_job_as_succeeded() throws Exception {
    try (var client = connect()) {
      JsonNode subscribed = subscribe(client, 1, "ping", "{\"count\":0}");
      untilResult(client, subscribed.path("sub").asText());
      String job = subscribed.path("job").asText();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                client.send("{\"op\":\"status\",\"ref\":2,\"job\":\"" + job + "\"}");
                JsonNode status = client.next("status", WAIT);
                Schemas.assertValid("server", status.toString());
                assertEquals(JobState.SUCCEEDED.wire(), status.path("state").asText());
              });
    }
  }
}
