package io.jobwire.frontend.internal.lifecycle;

import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.queue.Monitor;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells a subscriber at once when no live worker serves its topic (a mistyped topic would otherwise
 * wait silently): IO threads note a subscription whose topic the last reading lacks; the {@code
 * jobwire-observer} thread ({@code DashboardFeed}) reads what the brokers published and, once every
 * live broker has published since the subscribe (so a worker that joined before it is counted),
 * sends the subscription a {@code notice} if the topic is still unserved.
 *
 * <p>Without a live broker nothing is claimed: a deployment whose workers take jobs from Redis some
 * other way publishes no workers.
 */
public final class ServedTopics {
  /** Subscriptions waiting for a verdict, at most; more are not checked. */
  static final int MAX_WAITING = 10_000;

  /** How long a subscription waits for every broker to publish before it is not checked. */
  static final long GIVE_UP_MILLIS = 10_000;

  private record Waiting(Subscription subscription, long since) {}

  private volatile Monitor.Served latest;
  private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  /** On an IO thread, for a new subscription: never blocks. */
  void subscribed(Subscription subscription) {
    Monitor.Served known = latest;
    if (known == null || known.brokers() == 0 || known.topics().contains(subscription.topic())) {
      return;
    }
    if (count.incrementAndGet() > MAX_WAITING) {
      count.decrementAndGet();
      return;
    }
    waiting.add(new Waiting(subscription, System.currentTimeMillis()));
  }

  public boolean anyWaiting() {
    return !waiting.isEmpty();
  }

  /** On the observer thread: a fresh reading decides for the subscriptions that wait. */
  public void update(Monitor.Served served, long now) {
    latest = served;
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      String topic = w.subscription().topic();
      boolean decided = served.brokers() == 0 || served.topics().contains(topic);
      if (!decided && served.oldestUpdate() > w.since()) {
        decided = true;
        w.subscription().notice(notice(w.subscription().id(), topic, served.topics()));
      }
      if (decided || now - w.since() > GIVE_UP_MILLIS) {
        it.remove();
        count.decrementAndGet();
      }
    }
  }

  static ServerMessage.Notice notice(String sub, String topic, Set<String> served) {
    return new ServerMessage.Notice(
        sub,
        topic,
        ServerMessage.Notice.NO_WORKER,
        "no live worker serves topic '"
            + topic
            + "' now: the job waits in its queue until one does; check the topic's name"
            + (served.isEmpty()
                ? " (no worker is connected)"
                : " (served: "
                    + String.join(", ", served.stream().sorted().limit(20).toList())
                    + ")"));
  }
}
