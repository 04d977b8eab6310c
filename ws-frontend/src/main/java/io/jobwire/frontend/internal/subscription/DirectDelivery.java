package io.jobwire.frontend.internal.subscription;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.MemoryResumeBuffer;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.resume.ResumeBuffer;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;
import java.util.List;

/** History in memory: a message goes out at once and is kept here for a resume here. */
public final class DirectDelivery implements Delivery {
  private final MemoryResumeBuffer history;

  public DirectDelivery(ResumeWindow window, Clock clock) {
    this.history = new MemoryResumeBuffer(window, clock);
  }

  @Override
  public Subscription.Outcome deliver(
      Subscription sub,
      ServerMessage.Delivery out,
      IngressMessage.Routed source,
      ClientConnection connection) {
    history.add(out);
    if (connection != null) {
      connection.send(out);
    }
    return Subscription.Outcome.SENT;
  }

  @Override
  public void reply(Subscription sub, ServerMessage message, ClientConnection connection) {
    if (connection != null) {
      connection.send(message);
    }
  }

  @Override
  public void changed(Subscription sub) {}

  @Override
  public ResumeBuffer.Replay since(long after) {
    return history.since(after);
  }

  @Override
  public PendingWrite toWrite(Subscription sub, StoredState state, String duplicates) {
    return null;
  }

  @Override
  public List<RedisResumeBuffer.Unwritten> written(int count) {
    return List.of();
  }
}
