package io.jobwire.frontend.internal.subscription;

import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.resume.ResumeBuffer;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.util.List;

/**
 * History in Redis: a message waits in the buffer until the {@link WriteThrough} wrote it in its
 * ingress-loop turn, and only then goes out, so that what a client saw is always in Redis.
 */
public final class WriteThroughDelivery implements Delivery {
  private final RedisResumeBuffer buffer;
  private final WriteThrough writer;

  public WriteThroughDelivery(RedisResumeBuffer buffer, WriteThrough writer) {
    this.buffer = buffer;
    this.writer = writer;
  }

  @Override
  public Subscription.Outcome deliver(
      Subscription sub,
      ServerMessage.Delivery out,
      IngressMessage.Routed source,
      ClientConnection connection) {
    if (buffer.unwrittenCount() >= Subscription.MAX_PENDING) {
      return Subscription.Outcome.OVERFLOW; // Redis is not keeping up (or down): a gap, not a crash
    }
    buffer.add(out, source);
    writer.dirty(sub);
    return Subscription.Outcome.SENT;
  }

  @Override
  public void reply(Subscription sub, ServerMessage message, ClientConnection connection) {
    buffer.hold(message, connection);
    writer.dirty(sub);
  }

  @Override
  public void changed(Subscription sub) {
    writer.dirty(sub); // e.g. the new run's job id goes to Redis with the next turn
  }

  @Override
  public ResumeBuffer.Replay since(long after) {
    return buffer.since(after);
  }

  @Override
  public PendingWrite toWrite(Subscription sub, StoredState state, String duplicates) {
    return new PendingWrite(sub, buffer.window(), buffer.unwritten(), state, duplicates);
  }

  @Override
  public List<RedisResumeBuffer.Unwritten> written(int count) {
    return buffer.written(count);
  }
}
