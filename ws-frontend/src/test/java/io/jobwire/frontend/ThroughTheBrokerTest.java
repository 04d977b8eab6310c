package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole path: client → front end → Redis → real broker → worker → front end → client. */
class ThroughTheBrokerTest extends LiveFrontend {
  private Broker broker;
  private TestDealerWorker worker;

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

  @Test
  void a_job_run_by_a_worker_reaches_the_subscriber_with_the_route_the_front_end_gave_it() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1}}");
    JsonNode subscribed = client.next("subscribed");

    Job job = worker.nextJob();
    worker.push(job, "progress", 1, "{\"tick\":1}");
    worker.push(job, "result", 2, "{\"ticks\":1}");
    worker.done(job);

    assertEquals(subscribed.path("job").asText(), job.id());
    assertEquals(frontend.replyTo(), job.replyTo());
    assertEquals(frontend.frontendId(), job.route().path("fe").asText());
    JsonNode progress = client.next("progress");
    JsonNode result = client.next("result");
    assertEquals(subscribed.path("sub").asText(), result.path("sub").asText());
    assertEquals(1, progress.path("seq").asLong());
    assertEquals(2, result.path("seq").asLong());
  }

  @Test
  void a_job_that_fails_for_good_reaches_the_subscriber_as_failed() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    client.next("subscribed");

    worker.failForGood(worker.nextJob());

    JsonNode failed = client.nextWithin("failed", java.time.Duration.ofSeconds(10));
    assertEquals(1, failed.path("seq").asLong());
    assertEquals("boom", failed.path("error").path("code").asText());
  }
}
