package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subscribe to a topic no live worker serves is answered with a notice within a second. */
class UnservedTopicTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  @RegisterExtension static final StackExtension stack = StackExtension.examples(2);

  @BeforeAll
  static void awaitServedTopics() throws Exception {
    // the front end learns what the workers serve from what their broker publishes in Redis
    try (var monitor = stack.get().queue().monitor()) {
      await().atMost(WAIT).until(() -> monitor.served().topics().contains("ping"));
    }
  }

  @Test
  void a_mistyped_topic_gets_a_no_worker_notice_right_behind_subscribed() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                long sent = System.nanoTime();
                client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"pnig\"}");
                JsonNode subscribed = client.next("subscribed", WAIT);
                // every broker publishes its workers once a second: the verdict needs one of those
                JsonNode notice = client.next(Duration.ofMillis(1500));
                assertTrue(System.nanoTime() - sent < Duration.ofMillis(1500).toNanos());
                assertEquals("notice", notice.path("op").asText(), notice::toString);
                assertEquals(subscribed.path("sub"), notice.path("sub"));
                assertEquals("no_worker", notice.path("code").asText());
                assertTrue(notice.path("message").asText().contains("'pnig'"), notice::toString);
                assertTrue(notice.path("message").asText().contains("ping"), notice::toString);
              });
    }
  }

  @Test
  void a_served_topic_gets_no_notice() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1}}");
      client.next("subscribed", WAIT);
      JsonNode next = client.next(WAIT);
      assertEquals("progress", next.path("op").asText(), next::toString);
    }
  }

  @Test
  void status_names_queued_topics_that_no_worker_serves() {
    stack.get().queue().enqueue(JobRequest.of("nobody-serves-this", null));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode status =
                  Codec.parse(CliRun.ok("status", "--json", "--redis", stack.redisUri()));
              assertTrue(
                  status.path("unserved_topics").toString().contains("nobody-serves-this"),
                  status::toString);
              String text = CliRun.ok("status", "--redis", stack.redisUri());
              assertTrue(text.contains("no worker serves it"), text);
            });
  }

  @Test
  void topics_lists_what_live_workers_serve_and_what_the_examples_take() {
    stack.get().queue().enqueue(JobRequest.of("nobody-serves-this", null));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String text = CliRun.ok("topics", "--redis", stack.redisUri());
              assertTrue(text.contains("interval_ms"), text);
              assertTrue(text.lines().anyMatch(l -> l.startsWith("ping ")), text);
              assertTrue(
                  text.lines()
                      .anyMatch(
                          l -> l.startsWith("nobody-serves-this") && l.contains("no live worker")),
                  text);
              JsonNode json =
                  Codec.parse(CliRun.ok("topics", "--json", "--redis", stack.redisUri()));
              JsonNode command = null;
              for (JsonNode t : json) {
                if (t.path("topic").asText().equals("command")) {
                  command = t;
                }
              }
              assertTrue(command != null && command.path("workers").asInt() == 1, json::toString);
              assertTrue(command.path("takes").asText().contains("sleep"), json::toString);
            });
  }
}
