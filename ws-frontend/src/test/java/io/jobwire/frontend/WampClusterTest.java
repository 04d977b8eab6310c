package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two front ends on one Redis, history in Redis: a publish on either reaches the WAMP subscribers
 * of both; calls work as on a single front end.
 */
class WampClusterTest extends LiveFrontend {
  Frontend other;
  RecordingJobQueue recording;

  @Override
  JobQueue queueForTest() {
    recording = new RecordingJobQueue(queue);
    return recording;
  }

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .cluster(ClusterConfig.redis(redis.uri()))
        .wamp(WampOptions.DEFAULTS.withPublishTopics(Set.of("news")));
  }

  @BeforeEach
  void startOther() {
    other = Frontend.start(config().frontendId("fe-b").build(), queue);
  }

  @AfterEach
  void closeOther() {
    other.close();
  }

  /** A WAMP session on {@code frontend}. */
  TestClient sessionOn(Frontend frontend) {
    TestClient client = own(TestClient.connect(frontend.webSocketUri(), "wamp.2.json"));
    client.send("[1,\"main\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]");
    assertEquals(2, client.nextUnchecked().get(0).asInt());
    return client;
  }

  /** A WAMP session on {@code frontend}, subscribed to {@code news}. */
  TestClient subscriberOn(Frontend frontend) {
    TestClient client = sessionOn(frontend);
    client.send("[32,1,{},\"news\"]");
    assertEquals(33, client.nextUnchecked().get(0).asInt());
    return client;
  }

  @Test
  void a_publish_on_one_front_end_reaches_wamp_subscribers_on_both() {
    TestClient onA = subscriberOn(frontend);
    TestClient onB = subscriberOn(other);

    worker().publish("news", "{\"n\":1}");

    for (TestClient client : new TestClient[] {onA, onB}) {
      assertEquals("[{\"n\":1}]", client.nextUnchecked().get(4).toString());
    }
  }

  @Test
  void a_wamp_publish_on_one_front_end_reaches_the_subscribers_on_the_other() {
    TestClient publisher = subscriberOn(frontend);
    TestClient onB = subscriberOn(other);

    publisher.send("[16,2,{\"acknowledge\":true},\"news\",[],{\"n\":2}]");

    assertEquals(17, publisher.nextUnchecked().get(0).asInt());
    assertEquals("[{\"n\":2}]", onB.nextUnchecked().get(4).toString());
  }

  @Test
  void a_call_gets_its_progress_and_result_and_a_dropped_one_cancels_its_job() throws Exception {
    TestClient caller = sessionOn(frontend);
    TestWorker worker = worker();
    caller.send("[48,1,{\"receive_progress\":true},\"ping\"]");
    RecordingJobQueue.Queued job = recording.next();
    String sub = job.request().route().path("sub").asText();

    worker.progress(job.job(), sub, 1, "1");
    worker.result(job.job(), sub, 2, "2");

    assertEquals("[50,1,{\"progress\":true},[1]]", caller.nextUnchecked().toString());
    assertEquals("[50,1,{},[2]]", caller.nextUnchecked().toString());

    caller.send("[48,2,{},\"ping\"]");
    RecordingJobQueue.Queued dropped = recording.next();
    await().until(() -> queue.status(dropped.job()).isPresent());
    caller.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.status(dropped.job()).orElseThrow().state() == JobState.CANCELLED);
  }
}
