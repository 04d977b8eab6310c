package io.jobwire.frontend.internal.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.RecordingOutbound;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With history in Redis, nothing reaches the client before the turn's write succeeded. */
class WriteThroughSubscriptionTest {
  private static final JsonNode ROUTE = Codec.mapper().createObjectNode().put("sub", "s-1");

  private final RecordingOutbound wire = new RecordingOutbound();
  private final List<Subscription> dirty = new ArrayList<>();
  private final ClientConnection connection = new ClientConnection("c-1", null, wire);
  private final Subscription subscription =
      new Subscription(
          "s-1",
          "ping",
          connection,
          null,
          new WriteThroughDelivery(
              new RedisResumeBuffer(ResumeWindow.defaults(), Clock.systemUTC()),
              dirty::add)); // never flushed here: the test writes

  private static IngressMessage.Progress progress(long seq) {
    return new IngressMessage.Progress("j-1", ROUTE, seq, IntNode.valueOf((int) seq));
  }

  @Test
  void sends_subscribed_and_deliveries_only_once_they_are_written_and_in_order() {
    subscription.activate("j-1", null);
    subscription.offer(progress(1));
    subscription.offer(progress(2));
    assertEquals(List.of(), wire.ops());

    PendingWrite write = subscription.toWrite();
    assertEquals(3, write.items().size());
    assertEquals(2, write.state().seq());
    subscription.offer(progress(3)); // arrives while the write is on its way
    subscription.written(write.items().size());

    assertEquals(List.of("subscribed", "progress", "progress"), wire.ops());
    subscription.written(subscription.toWrite().items().size());
    assertEquals(List.of("subscribed", "progress", "progress", "progress"), wire.ops());
  }

  @Test
  void a_resume_replays_only_what_was_written_and_the_rest_follows_when_it_is() {
    subscription.activate("j-1", null);
    subscription.offer(progress(1));
    subscription.written(subscription.toWrite().items().size());
    subscription.offer(progress(2));

    RecordingOutbound second = new RecordingOutbound();
    ClientConnection next = new ClientConnection("c-2", null, second);
    subscription.resume(next, null, 0, new ClientConnection[1]);
    assertEquals(List.of("subscribed", "progress"), second.ops());

    subscription.written(subscription.toWrite().items().size());
    assertEquals(List.of("subscribed", "progress", "progress"), second.ops());
    assertEquals(
        List.of(1L, 2L),
        second.sent().stream().filter(f -> f.has("seq")).map(f -> f.path("seq").asLong()).toList());
  }

  @Test
  void with_its_first_state_written_next_to_its_job_subscribed_goes_out_at_once() {
    PendingWrite first = subscription.firstWrite("j-1");
    assertEquals("j-1", first.state().job());
    assertEquals(0, first.state().seq());
    assertEquals(List.of(), first.items());
    subscription.offer(progress(1)); // a fast worker: held until subscribed went

    subscription.activate("j-1", true);

    assertEquals(List.of("subscribed"), wire.ops());
    assertEquals(List.of(subscription), dirty); // the progress waits for its write, subscribed not
    assertNull(subscription.firstWrite("j-1")); // active now: later writes are the ingress's
    subscription.written(subscription.toWrite().items().size());
    assertEquals(List.of("subscribed", "progress"), wire.ops());
    assertEquals(1, wire.sent().get(1).path("seq").asLong());
  }

  @Test
  void one_that_had_something_published_before_its_job_was_queued_is_written_by_the_ingress() {
    subscription.publish(IntNode.valueOf(1));
    assertNull(subscription.firstWrite("j-1"));
  }
}
