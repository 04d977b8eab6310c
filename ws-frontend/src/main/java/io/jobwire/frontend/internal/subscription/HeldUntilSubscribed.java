package io.jobwire.frontend.internal.subscription;

import io.jobwire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscription holds back while its job is being queued: a fast worker can push progress
 * before {@code jobwire-enqueue} has sent {@code subscribed}, and the client must see {@code
 * subscribed} first. Guarded by the subscription's lock.
 */
final class HeldUntilSubscribed {
  private final List<ServerMessage.Delivery> deliveries = new ArrayList<>();
  private ServerMessage.Notice notice; // sent once, right behind subscribed

  Subscription.Outcome hold(ServerMessage.Delivery out) {
    if (deliveries.size() >= Subscription.MAX_PENDING) {
      return Subscription.Outcome.OVERFLOW;
    }
    deliveries.add(out);
    return Subscription.Outcome.HELD;
  }

  void notice(ServerMessage.Notice message) {
    notice = message;
  }

  /** The notice to send right behind {@code subscribed}, once; null when none. */
  ServerMessage.Notice takeNotice() {
    ServerMessage.Notice out = notice;
    notice = null;
    return out;
  }

  /** Everything held, in order; a hand-made message held before the job id was known gets it. */
  List<ServerMessage.Delivery> take(String jobId) {
    List<ServerMessage.Delivery> out = new ArrayList<>(deliveries.size());
    deliveries.forEach(message -> out.add(withJobIfMissing(message, jobId)));
    deliveries.clear();
    return out;
  }

  void clear() {
    deliveries.clear();
    notice = null;
  }

  private static ServerMessage.Delivery withJobIfMissing(
      ServerMessage.Delivery message, String jobId) {
    return switch (message) {
      case ServerMessage.Progress p when p.job() == null ->
          new ServerMessage.Progress(p.sub(), jobId, p.seq(), p.data());
      case ServerMessage.Result r when r.job() == null ->
          new ServerMessage.Result(r.sub(), jobId, r.seq(), r.data());
      case ServerMessage.Failed f when f.job() == null ->
          new ServerMessage.Failed(f.sub(), jobId, f.seq(), f.error());
      default -> message;
    };
  }
}
