package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client that reconnects gets what it missed, in order, then live; or a gap. */
class ResumeTest extends LiveFrontend {

  @Override
  FrontendConfig.Builder config() {
    return super.config().resume(new ResumeWindow(3, Duration.ofSeconds(30)));
  }

  private List<Long> seqs(TestClient client, int n) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seqs.add(client.next().path("seq").asLong());
    }
    return seqs;
  }

  @Test
  void resume_after_a_dropped_connection_replays_exactly_the_missed_seqs_then_live() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    TestWorker worker = worker();
    worker.progress(job, sub, 1, "{\"n\":1}");
    worker.progress(job, sub, 2, "{\"n\":2}");
    assertEquals(List.of(1L, 2L), seqs(first, 2));

    first.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().connections() == 0);
    worker.progress(job, sub, 3, "{\"n\":3}");
    worker.progress(job, sub, 4, "{\"n\":4}");
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().deliveries() == 4);

    TestClient second = client();
    second.send(
        "{\"op\":\"subscribe\",\"ref\":\"r\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":2}}");
    JsonNode resumed = second.next("subscribed");
    assertEquals("r", resumed.path("ref").asText());
    assertEquals(sub, resumed.path("sub").asText());
    assertEquals(job, resumed.path("job").asText());
    assertEquals(List.of(3L, 4L), seqs(second, 2));

    worker.result(job, sub, 5, "{\"done\":true}");
    JsonNode result = second.next("result");
    assertEquals(5, result.path("seq").asLong());
    second.assertNextIsPong();
  }

  @Test
  void what_is_no_longer_kept_is_reported_as_a_gap() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    first.close();
    TestWorker worker = worker();
    for (int i = 1; i <= 5; i++) {
      worker.progress(job, sub, i, "{}");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().deliveries() == 5);

    TestClient second = client();
    second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    second.next("subscribed");
    JsonNode gap = second.next("gap");
    assertEquals(1, gap.path("from").asLong());
    assertEquals(2, gap.path("to").asLong());
    assertEquals(List.of(3L, 4L, 5L), seqs(second, 3));
  }

  @Test
  void a_finished_subscription_stays_resumable_within_the_window() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    worker().result(subscribed.path("job").asText(), sub, 1, "{\"x\":1}");
    first.next("result");
    first.close();

    TestClient second = client();
    second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    second.next("subscribed");
    assertEquals(1, second.next("result").path("data").path("x").asInt());
  }

  @Test
  void resuming_an_unknown_subscription_is_not_found() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"resume\":{\"sub\":\"s-nope\",\"after\":0}}");
    assertEquals("not_found", client.next("error").path("code").asText());
  }
}
