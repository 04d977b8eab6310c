package io.jobwire.frontend.internal.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.RecordingOutbound;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.IngressMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  private final RecordingOutbound wire = new RecordingOutbound();
  private final ClientConnection connection = new ClientConnection("c-1", null, wire);
  private final Subscription subscription = new Subscription("s-1", "ping", connection);
  private static final JsonNode ROUTE = Codec.mapper().createObjectNode().put("sub", "s-1");

  private static IngressMessage.Progress progress(String job, Long seq) {
    return new IngressMessage.Progress(
        job, ROUTE, seq, IntNode.valueOf(seq == null ? 0 : seq.intValue()));
  }

  private static IngressMessage.Result result(String job, Long seq) {
    return new IngressMessage.Result(job, ROUTE, seq, IntNode.valueOf(99));
  }

  private List<Long> seqs() {
    return wire.sent().stream()
        .filter(frame -> frame.has("seq"))
        .map(frame -> frame.path("seq").asLong())
        .toList();
  }

  @Test
  void holds_deliveries_until_activated_then_sends_subscribed_first() {
    assertEquals(Subscription.Outcome.HELD, subscription.offer(progress("j-1", 1L)));
    assertEquals(Subscription.Outcome.HELD, subscription.publish(IntNode.valueOf(5)));
    assertEquals(List.of(), wire.ops());

    subscription.activate("j-1", IntNode.valueOf(7));
    subscription.offer(progress("j-1", 2L));

    assertEquals(List.of("subscribed", "progress", "event", "progress"), wire.ops());
    assertEquals(List.of(1L, 2L, 3L), seqs());
    assertEquals(7, wire.sent().get(0).path("ref").asInt());
  }

  @Test
  void seq_counts_every_delivery_across_jobs_and_events() {
    subscription.activate("j-1", null);

    subscription.offer(progress("j-1", 1L));
    subscription.offer(result("j-1", 2L));
    subscription.publish(IntNode.valueOf(1));
    subscription.offer(progress("j-2", 1L));
    subscription.offer(new IngressMessage.Failed("j-2", ROUTE, new ErrorInfo("timeout", "slow")));

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs());
    assertEquals(
        List.of("subscribed", "progress", "result", "event", "progress", "failed"), wire.ops());
  }

  @Test
  void drops_repeated_and_older_worker_seqs_of_a_job() {
    subscription.activate("j-1", null);

    assertEquals(Subscription.Outcome.SENT, subscription.offer(progress("j-1", 1L)));
    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(progress("j-1", 1L)));
    assertEquals(Subscription.Outcome.SENT, subscription.offer(progress("j-1", 2L)));
    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(progress("j-1", 1L)));
    assertEquals(Subscription.Outcome.SENT, subscription.offer(progress("j-1", 3L)));

    assertEquals(List.of(1L, 2L, 3L), seqs());
  }

  @Test
  void drops_everything_for_a_job_after_its_result_or_failure() {
    subscription.activate("j-1", null);
    subscription.offer(result("j-1", 1L));
    subscription.offer(new IngressMessage.Failed("j-2", ROUTE, new ErrorInfo("dead", "")));

    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(progress("j-1", 5L)));
    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(result("j-1", 9L)));
    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(progress("j-1", null)));
    assertEquals(Subscription.Outcome.DUPLICATE, subscription.offer(progress("j-2", 1L)));
  }

  @Test
  void messages_without_job_or_seq_are_never_duplicates() {
    subscription.activate("j-1", null);

    assertEquals(Subscription.Outcome.SENT, subscription.offer(result(null, null)));
    assertEquals(Subscription.Outcome.SENT, subscription.offer(result(null, null)));
    assertEquals(Subscription.Outcome.SENT, subscription.offer(progress("j-1", null)));
    assertEquals(Subscription.Outcome.SENT, subscription.offer(progress("j-1", null)));

    assertEquals("j-1", wire.sent().get(1).path("job").asText());
  }

  @Test
  void a_hand_made_message_held_before_activation_gets_the_job_id() {
    subscription.offer(result(null, null));

    subscription.activate("j-7", null);

    assertEquals("j-7", wire.sent().get(1).path("job").asText());
  }

  @Test
  void nothing_is_sent_after_close_and_the_unfinished_job_is_returned_for_cancelling() {
    subscription.activate("j-1", null);
    subscription.offer(progress("j-1", 1L));

    assertEquals("j-1", subscription.close());
    assertEquals(Subscription.Outcome.CLOSED, subscription.offer(progress("j-1", 2L)));
    assertEquals(Subscription.Outcome.CLOSED, subscription.publish(IntNode.valueOf(1)));
    assertEquals(List.of("subscribed", "progress"), wire.ops());
    assertNull(subscription.close());
  }

  @Test
  void a_finished_job_is_not_cancelled() {
    subscription.activate("j-1", null);
    subscription.offer(result("j-1", 1L));

    assertNull(subscription.close());
  }

  @Test
  void closing_while_pending_drops_held_messages_and_refuses_activation() {
    subscription.offer(progress("j-1", 1L));

    assertNull(subscription.close());

    assertFalse(subscription.activate("j-1", null));
    assertEquals(List.of(), wire.ops());
  }

  @Test
  void holds_at_most_max_pending_then_drops_leaving_a_seq_gap() {
    for (int i = 1; i <= Subscription.MAX_PENDING; i++) {
      subscription.publish(IntNode.valueOf(i));
    }

    assertEquals(Subscription.Outcome.OVERFLOW, subscription.publish(IntNode.valueOf(0)));
    subscription.activate("j-1", null);
    subscription.publish(IntNode.valueOf(0));

    List<Long> seqs = seqs();
    assertEquals(Subscription.MAX_PENDING + 1, seqs.size());
    assertEquals(Subscription.MAX_PENDING + 2L, seqs.get(seqs.size() - 1));
  }
}
