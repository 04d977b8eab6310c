package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.Job;
import io.jobwire.queue.BatchStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code subscribe} with {@code batch}: one request starts many jobs, and one subscription hears
 * each job's own messages, the batch's totals after each job, and the batch's result.
 */
class BatchSubscriptionTest extends LiveFrontend {
  static final int JOBS = 200;
  static final Duration WAIT = Duration.ofSeconds(10);

  private Broker broker;
  private TestDealerWorker worker;

  @Override
  FrontendConfig.Builder config() {
    return super.config().topic("prices", TopicOptions.DEFAULTS.withShared(true, false));
  }

  @BeforeEach
  void startBrokerAndWorker() {
    broker =
        Broker.start(
            BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
    worker = new TestDealerWorker(broker.endpoint(), "ping");
  }

  @AfterEach
  void stopBrokerAndWorker() {
    worker.close();
    broker.close();
  }

  static String batchOf(int jobs) {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < jobs; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
    }
    return batch.append(']').toString();
  }

  @Test
  void one_subscription_sees_every_job_the_running_totals_and_the_batchs_result() {
    TestClient client = client();
    client.send(
        "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"batch\":" + batchOf(JOBS) + "}");
    JsonNode subscribed = client.next("subscribed");
    String batch = subscribed.path("job").asText();
    assertTrue(batch.startsWith("b-"), subscribed.toString());

    String failing = null;
    for (int n = 0; n < JOBS; n++) {
      Job job = worker.nextJob();
      if (job.params().path("i").asInt() == 7) {
        failing = job.id();
        worker.failForGood(job);
      } else {
        worker.push(job, "result", 1, "{\"echo\":" + job.params().path("i").asInt() + "}");
        worker.done(job);
      }
    }

    Set<String> results = new HashSet<>();
    Set<String> counted = new HashSet<>();
    String failed = null;
    long seq = 0;
    JsonNode last;
    do {
      last = client.next();
      assertEquals(++seq, last.path("seq").asLong(), "seq counts every delivery: " + last);
      String job = last.path("job").asText();
      switch (last.path("op").asText()) {
        case "result" -> {
          if (!job.equals(batch)) {
            results.add(job);
          }
        }
        case "failed" -> failed = job;
        case "progress" -> {
          assertEquals(batch, job);
          assertEquals(JOBS, last.path("data").path("total").asInt());
          counted.add(last.path("data").path("job").asText());
        }
        default -> throw new AssertionError("unexpected " + last);
      }
    } while (!last.path("job").asText().equals(batch)
        || !"result".equals(last.path("op").asText()));

    assertEquals(JOBS - 1, results.size(), "every other job's own result");
    assertEquals(failing, failed);
    assertEquals(JOBS, counted.size(), "one progress per job");
    JsonNode summary = last.path("data");
    assertEquals(JOBS, summary.path("done").asInt());
    assertEquals(1, summary.path("failed").asInt());
    assertEquals(failing, summary.path("failures").get(0).path("job").asText());
    assertEquals("boom", summary.path("failures").get(0).path("code").asText());
  }

  /** Runs {@code count} jobs to a result each. */
  void runJobs(int count) {
    for (int n = 0; n < count; n++) {
      Job job = worker.nextJob();
      worker.push(job, "result", 1, "{}");
      worker.done(job);
    }
  }

  @Test
  void a_client_that_dropped_resumes_the_batch_after_the_last_seq_it_saw() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"batch\":" + batchOf(20) + "}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String batch = subscribed.path("job").asText();
    runJobs(5);
    for (int seq = 1; seq <= 10; seq++) { // each job: its result and the batch's progress
      assertEquals(seq, first.next().path("seq").asLong());
    }
    first.close();
    await().atMost(WAIT).until(() -> frontend.stats().connections() == 0);
    runJobs(15);

    TestClient second = client();
    second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":10}}");
    assertEquals(batch, second.next("subscribed").path("job").asText());
    JsonNode last;
    long seq = 10;
    do {
      last = second.next();
      assertEquals(++seq, last.path("seq").asLong(), last::toString);
    } while (!(batch.equals(last.path("job").asText())
        && "result".equals(last.path("op").asText())));
    assertEquals(41, seq, "20 results, 20 progresses, the batch's result");
    assertEquals(20, last.path("data").path("done").asInt());
  }

  @Test
  void the_batchs_result_waits_for_a_job_result_that_it_overtook() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"batch\":" + batchOf(3) + "}");
    String batch = client.next("subscribed").path("job").asText();
    runJobs(2);
    // The last job's done reaches the broker before its result reaches the front end: the broker
    // sends the batch's result first, as it may when the worker's pipe is busier than its own.
    Job last = worker.nextJob();
    worker.done(last);
    await().atMost(WAIT).until(() -> queue.batch(batch).map(BatchStatus::complete).orElse(false));
    worker.push(last, "result", 1, "{\"late\":true}");

    Set<String> results = new HashSet<>();
    JsonNode frame;
    do {
      frame = client.next();
      if ("result".equals(frame.path("op").asText()) && !batch.equals(frame.path("job").asText())) {
        results.add(frame.path("job").asText());
      }
    } while (!batch.equals(frame.path("job").asText())
        || !"result".equals(frame.path("op").asText()));
    assertTrue(results.contains(last.id()), "the late job's result came before the batch's");
    assertEquals(3, results.size());
  }

  @Test
  void unsubscribing_cancels_the_jobs_of_the_batch_not_yet_finished() {
    TestClient client = client();
    client.send(
        "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"batch\":" + batchOf(10) + "}");
    JsonNode subscribed = client.next("subscribed");
    String batch = subscribed.path("job").asText();
    runJobs(2);

    client.send(
        "{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + subscribed.path("sub").asText() + "\"}");
    await().atMost(WAIT).until(() -> queue.batch(batch).map(BatchStatus::complete).orElse(false));
    BatchStatus status = queue.batch(batch).orElseThrow();
    assertEquals(2, status.succeeded());
    assertEquals(8, status.failed(), "the other eight were cancelled");
  }

  @Test
  void a_batch_with_params_too_many_jobs_or_on_a_shared_topic_gets_bad_request() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{},\"batch\":[{}]}");
    JsonNode both = client.next("error");
    client.send(
        "{\"op\":\"subscribe\",\"ref\":2,\"topic\":\"ping\",\"batch\":" + batchOf(1001) + "}");
    JsonNode tooMany = client.next("error");
    client.send("{\"op\":\"subscribe\",\"ref\":3,\"topic\":\"ping\",\"batch\":[1]}");
    JsonNode notObject = client.next("error");
    client.send("{\"op\":\"subscribe\",\"ref\":4,\"topic\":\"prices\",\"batch\":[{}]}");
    JsonNode shared = client.next("error");

    assertEquals("bad_request", both.path("code").asText());
    assertTrue(both.path("message").asText().contains("not both"), both.toString());
    assertEquals("bad_request", tooMany.path("code").asText());
    assertTrue(tooMany.path("message").asText().contains("1 to 1000"), tooMany.toString());
    assertEquals("bad_request", notObject.path("code").asText());
    assertEquals("bad_request", shared.path("code").asText());
    assertTrue(shared.path("message").asText().contains("one-shot"), shared.toString());
  }
}
