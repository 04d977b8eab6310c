package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two front ends on one Redis: a publish on either reaches the WAMP subscribers of both. */
class WampClusterTest extends LiveFrontend {
  Frontend other;

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

  /** A WAMP session on {@code frontend}, subscribed to {@code news}. */
  TestClient subscriberOn(Frontend frontend) {
    TestClient client = own(TestClient.connect(frontend.webSocketUri(), "wamp.2.json"));
    client.send("[1,\"main\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]");
    assertEquals(2, client.nextUnchecked().get(0).asInt());
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
}
