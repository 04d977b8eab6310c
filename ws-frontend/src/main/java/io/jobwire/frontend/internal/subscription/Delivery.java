package io.jobwire.frontend.internal.subscription;

import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.resume.ResumeBuffer;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.util.List;

/**
 * How an active subscription's messages reach its client and are kept for a resume: sent at once
 * and kept in memory ({@link DirectDelivery}), or written through to Redis and sent only once
 * written ({@link WriteThroughDelivery}). Chosen once, when the subscription is made; called only
 * under the subscription's lock.
 */
public sealed interface Delivery permits DirectDelivery, WriteThroughDelivery {

  /** A delivery from {@code source} (null for a published event) for {@code connection}. */
  Subscription.Outcome deliver(
      Subscription sub,
      ServerMessage.Delivery out,
      IngressMessage.Routed source,
      ClientConnection connection);

  /** A reply ({@code subscribed}, {@code notice}) in order with the deliveries around it. */
  void reply(Subscription sub, ServerMessage message, ClientConnection connection);

  /** The subscription's state changed (a new run's job): it must be written, if it is kept. */
  void changed(Subscription sub);

  /** What came after {@code after}, for a client that resumes. */
  ResumeBuffer.Replay since(long after);

  /** What waits to be written and the subscription's state; null when nothing is written. */
  PendingWrite toWrite(Subscription sub, StoredState state, String duplicates);

  /** The first {@code count} of {@link #toWrite} were written: what may now be sent. */
  List<RedisResumeBuffer.Unwritten> written(int count);
}
