package io.jobwire.broker.internal.loop;

import io.jobwire.broker.internal.schedule.Scheduler;
import io.jobwire.broker.internal.store.Claim;
import io.jobwire.queue.RedisSubscription;
import io.jobwire.queue.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobwire-broker-events} thread: passes what the queue's wake and cancel channels carry
 * to the broker loop (inbox + {@link Wakeup}), and the jobs enqueues handed to this broker (its
 * handoff channel, decoded here), and wakes the {@link Scheduler} when schedules change. It touches
 * no socket and no job state; the loop's periodic poll covers whatever was published while the
 * subscription was down.
 */
public final class BrokerEvents {
  private static final Logger log = LoggerFactory.getLogger(BrokerEvents.class);

  private BrokerEvents() {}

  public static RedisSubscription start(
      String redisUri,
      RedisKeys keys,
      Queue<Signal> inbox,
      Wakeup wakeup,
      Scheduler scheduler,
      String broker,
      Duration timeout) {
    String wake = keys.wakeChannel();
    String schedule = keys.scheduleChannel();
    String handoff = keys.handoffChannel(broker);
    List<String> channels = new ArrayList<>(List.of(wake, keys.cancelChannel(), schedule));
    if (!broker.isEmpty()) {
      channels.add(handoff);
    }
    var subscription =
        new RedisSubscription(
            redisUri,
            "jobwire-broker-events",
            (channel, message) -> {
              if (channel.equals(schedule)) {
                scheduler.wake();
                return;
              }
              Signal signal;
              if (channel.equals(wake)) {
                signal = new Signal.JobsEnqueued(message);
              } else if (channel.equals(handoff)) {
                signal = new Signal.JobsHanded(Claim.handed(message));
              } else {
                signal = new Signal.CancelAsked(message);
              }
              inbox.offer(signal);
              wakeup.signal();
            },
            channels.toArray(String[]::new));
    if (!subscription.start(timeout)) {
      log.warn("not yet subscribed to Redis channels; the broker polls until it is");
    }
    return subscription;
  }
}
