package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The front end's limits hold for WAMP connections as they do for jobwire.v1 ones. */
class WampLimitsTest extends LiveFrontend {
  static final String HELLO = "[1,\"main\",{\"roles\":{\"subscriber\":{}}}]";

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .maxFrameBytes(1024)
        .maxSubscriptionsPerConnection(2)
        .limits(Limits.defaults().withOutbound(64 * 1024, 1_000));
  }

  private TestClient wamp() {
    TestClient client = rawClient("wamp.2.json");
    client.send(HELLO);
    assertEquals(2, client.nextUnchecked().get(0).asInt());
    return client;
  }

  @Test
  void a_wamp_subscriber_that_stops_reading_is_cut_off() {
    TestClient stalled = own(TestClient.connectNotReading(frontend.webSocketUri(), "wamp.2.json"));
    stalled.send(HELLO);
    stalled.send("[32,1,{},\"firehose\"]");
    TestClient healthy = wamp();
    TestWorker worker = worker();
    String payload = "\"" + "x".repeat(32 * 1024) + "\"";

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              worker.publish("firehose", payload);
              return frontend.stats().slowClientsDisconnected() == 1;
            });

    healthy.send("[48,1,{},\"bad topic\"]");
    assertEquals("wamp.error.invalid_uri", healthy.nextUnchecked().get(4).asText());
  }

  @Test
  void a_message_over_the_frame_limit_aborts_the_session() {
    TestClient client = wamp();

    client.send("[48,1,{},\"ping\",[\"" + "x".repeat(2048) + "\"]]");

    JsonNode abort = client.nextUnchecked();
    assertEquals(3, abort.get(0).asInt());
    assertEquals("jobwire.error.frame_too_large", abort.get(2).asText());
    assertEquals(1002, client.awaitCloseCode());
  }

  @Test
  void a_binary_message_aborts_the_session() {
    TestClient client = wamp();

    client.sendBinary(new byte[] {(byte) 0x93, 1, 2});

    assertEquals(3, client.nextUnchecked().get(0).asInt());
  }

  @Test
  void subscriptions_and_calls_share_the_per_connection_limit() {
    TestClient client = wamp();
    client.send("[32,1,{},\"a\"]");
    assertEquals(33, client.nextUnchecked().get(0).asInt());
    client.send("[48,2,{},\"b\"]"); // a call: a jobwire subscription while it runs

    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().subscriptions() == 1);
    client.send("[32,3,{},\"c\"]");

    JsonNode error = client.nextUnchecked();
    assertEquals(3, error.get(2).asLong());
    assertEquals("jobwire.error.too_many_subscriptions", error.get(4).asText());
  }
}
