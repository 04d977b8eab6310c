package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A finished one-shot subscription stops counting toward the connection's limit. */
class OneShotTest extends LiveFrontend {

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .maxSubscriptionsPerConnection(3)
        .limits(Limits.defaults().withSubscribeRates(1000, 1000));
  }

  @Test
  void many_sequential_subscriptions_never_hit_the_limit_once_each_finished() {
    TestClient client = client();
    TestWorker worker = worker();
    for (int i = 0; i < 20; i++) {
      client.send("{\"op\":\"subscribe\",\"ref\":" + i + ",\"topic\":\"ping\"}");
      JsonNode subscribed = client.next("subscribed");
      worker.result(subscribed.path("job").asText(), subscribed.path("sub").asText(), 1, "{}");
      assertEquals(1, client.next("result").path("seq").asLong());
    }
  }

  @Test
  void unfinished_subscriptions_still_count() {
    TestClient client = client();
    for (int i = 0; i < 3; i++) {
      client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
      client.next("subscribed");
    }
    client.send("{\"op\":\"subscribe\",\"ref\":9,\"topic\":\"ping\"}");
    assertEquals("too_many_subscriptions", client.next("error").path("code").asText());
  }
}
