package io.jobwire.frontend.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.RecordingOutbound;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.queue.Monitor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedTopicsTest {
  private final ServedTopics served = new ServedTopics();
  private final RecordingOutbound wire = new RecordingOutbound();
  private final ClientConnection connection = new ClientConnection("c-1", null, wire);

  @Test
  void claims_nothing_before_the_first_reading_or_without_a_live_broker() {
    served.subscribed(new Subscription("s-1", "pnig", connection));
    assertFalse(served.anyWaiting());

    served.update(new Monitor.Served(Set.of(), 0, 0), 0);
    served.subscribed(new Subscription("s-2", "pnig", connection));
    assertFalse(served.anyWaiting());
  }

  @Test
  void decides_only_on_a_reading_every_broker_published_after_the_subscribe() {
    served.update(new Monitor.Served(Set.of("ping"), 1, 0), 0);
    served.subscribed(new Subscription("s-1", "ping", connection));
    assertFalse(served.anyWaiting(), "a served topic needs no verdict");

    long before = System.currentTimeMillis();
    served.subscribed(new Subscription("s-2", "pnig", connection));
    assertTrue(served.anyWaiting());
    served.update(new Monitor.Served(Set.of("ping"), 1, before - 1), before);
    assertTrue(served.anyWaiting(), "a reading older than the subscribe decides nothing");
    served.update(new Monitor.Served(Set.of("ping", "pnig"), 1, before + 5_000), before + 5_000);
    assertFalse(served.anyWaiting(), "a worker for it joined meanwhile: no notice, done");
  }

  @Test
  void an_unserved_topic_gets_its_notice_right_behind_subscribed() {
    served.update(new Monitor.Served(Set.of("ping"), 1, 0), 0);
    long before = System.currentTimeMillis();
    var subscription = new Subscription("s-1", "pnig", connection);
    served.subscribed(subscription);
    served.update(new Monitor.Served(Set.of("ping"), 1, before + 1_000), before + 1_000);
    assertFalse(served.anyWaiting());
    assertEquals(List.of(), wire.ops(), "nothing before subscribed");

    subscription.activate("j-1");
    assertEquals(List.of("subscribed", "notice"), wire.ops());
  }

  @Test
  void a_notice_names_the_topic_and_what_is_served() {
    var notice = ServedTopics.notice("s-1", "pnig", Set.of("upper", "ping"));
    assertEquals("no_worker", notice.code());
    assertEquals("s-1", notice.sub());
    assertTrue(notice.message().contains("'pnig'"), notice.message());
    assertTrue(notice.message().contains("ping, upper"), notice.message());
  }
}
