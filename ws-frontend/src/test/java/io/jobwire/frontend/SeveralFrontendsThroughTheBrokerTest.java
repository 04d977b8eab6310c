package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** A front end dies while a real broker's worker runs its client's job; another takes over. */
class SeveralFrontendsThroughTheBrokerTest extends LiveFrontend {
  private Frontend other;
  private Broker broker;
  private RedisClient raw;

  @Override
  FrontendConfig.Builder config() {
    return super.config().cluster(ClusterConfig.redis(redis.uri()));
  }

  @BeforeEach
  void startTheRest() {
    other = Frontend.start(config().frontendId("fe-b").build(), queue);
    broker =
        Broker.start(
            BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
    raw = RedisClient.create(URI.create(redis.uri()));
  }

  @AfterEach
  void stopTheRest() {
    broker.close();
    other.close();
    raw.close();
  }

  @Test
  void a_client_resumes_on_another_front_end_with_no_gap_after_its_own_died_while_its_job_ran() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    TestDealerWorker w1 = own(new TestDealerWorker(broker.endpoint(), "ping", "w-1"));
    Job lost = w1.nextJob();
    w1.push(lost, "progress", 1, "{\"n\":1}");
    assertEquals(1, first.next("progress").path("seq").asLong());

    frontend.close();
    w1.push(lost, "progress", 2, "{\"n\":2}"); // to the dead front end
    TestClient second = own(TestClient.connect(other.webSocketUri()));
    second.next("welcome");
    second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":1}}");
    second.next("subscribed");

    TestDealerWorker w2 = own(new TestDealerWorker(broker.endpoint(), "ping", "w-2"));
    Job again = w2.nextJob();
    assertEquals(lost.id(), again.id());
    assertEquals(other.replyTo(), again.replyTo());
    assertEquals(1, again.attempt(), "the lost attempt does not count");
    w1.push(lost, "result", 3, "{\"n\":3}");
    w1.done(lost); // ignored: its result went to the dead front end

    w2.push(again, "progress", 1, "{\"n\":1}");
    w2.push(again, "progress", 2, "{\"n\":2}");
    w2.push(again, "result", 3, "{\"n\":3}");
    w2.done(again);
    JsonNode progress = second.next("progress");
    assertEquals(2, progress.path("seq").asLong());
    assertEquals(2, progress.path("data").path("n").asInt());
    JsonNode result = second.next("result");
    assertEquals(3, result.path("seq").asLong());
    second.assertNextIsPong();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.status(lost.id()).orElseThrow().state() == JobState.SUCCEEDED);
  }
}
