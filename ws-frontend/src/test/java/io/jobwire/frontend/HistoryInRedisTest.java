package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * How a subscription's history lives in Redis (its hash, deliveries as fields {@code m:SEQ}): what
 * another front end replays from it, its bound, and the list a front end from before kept.
 */
class HistoryInRedisTest extends LiveFrontend {
  private static final String P = "jobwire:{main}:";

  Frontend other;
  RedisClient raw;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .resume(new ResumeWindow(3, Duration.ofSeconds(30)))
        .cluster(ClusterConfig.redis(redis.uri()));
  }

  @BeforeEach
  void startOther() {
    other = Frontend.start(config().frontendId("fe-b").build(), queue);
    raw = RedisClient.create(URI.create(redis.uri()));
  }

  @AfterEach
  void closeOther() {
    other.close();
    raw.close();
  }

  @Test
  void another_front_end_replays_the_newest_deliveries_kept_and_reports_the_rest_as_a_gap() {
    TestClient first = client();
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = first.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    first.close();
    TestWorker worker = worker();
    for (int i = 1; i <= 5; i++) {
      worker.progress(job, sub, i, "{\"n\":" + i + "}");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveriesKept(sub).equals(Set.of("m:3", "m:4", "m:5")));

    TestClient second = own(TestClient.connect(other.webSocketUri()));
    second.next("welcome");
    second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    assertEquals(job, second.next("subscribed").path("job").asText());
    JsonNode gap = second.next("gap");
    assertEquals(1, gap.path("from").asLong());
    assertEquals(2, gap.path("to").asLong());
    for (int i = 3; i <= 5; i++) {
      assertEquals(i, second.next("progress").path("data").path("n").asInt());
    }
    second.assertNextIsPong();
  }

  @Test
  void a_subscription_a_front_end_from_before_the_upgrade_kept_resumes_with_its_history()
      throws Exception {
    String sub = "s-legacy";
    String job = "j-legacy";
    raw.hset(
        P + "sub:" + sub,
        Map.of(
            "topic", "ping",
            "user", "",
            "seq", "2",
            "dedup", "{\"w\":{},\"f\":[\"" + job + "\"]}",
            "finished", "1",
            "job", job,
            "stream", sub,
            "params", "{}",
            "fe", "fe-gone"));
    raw.rpush(
        P + "sub:" + sub + ":history",
        Codec.encode(new ServerMessage.Progress(sub, job, 1, Codec.parse("{\"n\":1}"))),
        Codec.encode(new ServerMessage.Result(sub, job, 2, Codec.parse("{\"n\":2}"))));

    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    assertEquals(job, client.next("subscribed").path("job").asText());
    assertEquals(1, client.next("progress").path("data").path("n").asInt());
    assertEquals(2, client.next("result").path("data").path("n").asInt());
    client.assertNextIsPong();

    client.send("{\"op\":\"unsubscribe\",\"sub\":\"" + sub + "\"}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !raw.exists(P + "sub:" + sub) && !raw.exists(P + "sub:" + sub + ":history"));
  }

  private Set<String> deliveriesKept(String sub) {
    Set<String> kept = new TreeSet<>();
    for (String field : raw.hkeys(P + "sub:" + sub)) {
      if (field.startsWith("m:")) {
        kept.add(field);
      }
    }
    return kept;
  }
}
