package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code shared}: one job stream per (topic, params) for every subscriber. */
class SharedTopicTest extends LiveFrontend {
  RecordingJobQueue recording;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .resume(new ResumeWindow(100, Duration.ofMillis(300)))
        .topic("prices", TopicOptions.DEFAULTS.withShared(true, false));
  }

  @Override
  JobQueue queueForTest() {
    recording = new RecordingJobQueue(queue);
    return recording;
  }

  @Test
  void fifty_subscribers_cause_one_job_and_each_get_every_result() throws Exception {
    List<TestClient> clients = new ArrayList<>();
    Set<String> subs = new HashSet<>();
    String job = null;
    for (int i = 0; i < 50; i++) {
      TestClient client = client();
      clients.add(client);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":" + i + ",\"topic\":\"prices\",\"params\":{\"s\":1}}");
      JsonNode subscribed = client.next("subscribed");
      subs.add(subscribed.path("sub").asText());
      if (job == null) {
        job = subscribed.path("job").asText();
      }
      assertEquals(job, subscribed.path("job").asText());
    }
    assertEquals(50, subs.size(), "each subscriber has its own sub id");
    RecordingJobQueue.Queued queued = recording.next();
    assertEquals(job, queued.job());
    assertNull(recording.poll(Duration.ofMillis(200)), "a second job was queued");
    assertEquals(1, recording.count());

    String route = queued.request().route().path("sub").asText();
    TestWorker worker = worker();
    worker.progress(job, route, 1, "{\"p\":1}");
    worker.progress(job, route, 2, "{\"p\":2}");
    worker.result(job, route, 3, "{\"p\":3}");
    for (TestClient client : clients) {
      assertEquals(1, client.next("progress").path("seq").asLong());
      assertEquals(2, client.next("progress").path("seq").asLong());
      JsonNode result = client.next("result");
      assertEquals(3, result.path("seq").asLong());
      assertEquals(3, result.path("data").path("p").asInt());
    }
  }

  @Test
  void other_params_get_their_own_job_and_the_last_subscriber_leaving_cancels_it()
      throws Exception {
    TestClient a = client();
    TestClient b = client();
    a.send("{\"op\":\"subscribe\",\"topic\":\"prices\",\"params\":{\"s\":2}}");
    b.send("{\"op\":\"subscribe\",\"topic\":\"prices\",\"params\":{\"s\":2}}");
    String subA = a.next("subscribed").path("sub").asText();
    String job = b.next("subscribed").path("job").asText();
    TestClient c = client();
    c.send("{\"op\":\"subscribe\",\"topic\":\"prices\",\"params\":{\"s\":3}}");
    String otherJob = c.next("subscribed").path("job").asText();
    assertEquals(2, recording.count());
    org.junit.jupiter.api.Assertions.assertNotEquals(job, otherJob);

    a.send("{\"op\":\"unsubscribe\",\"sub\":\"" + subA + "\"}");
    a.next("unsubscribed");
    assertEquals(JobState.QUEUED, queue.status(job).orElseThrow().state());
    b.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.status(job).orElseThrow().state() == JobState.CANCELLED);
  }
}
