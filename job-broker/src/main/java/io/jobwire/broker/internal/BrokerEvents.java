package io.jobwire.broker.internal;

import io.jobwire.broker.RedisConnections;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The {@code jobwire-broker-events} thread: subscribes to the queue's wake and cancel channels and
 * passes what it hears to the broker loop (inbox + {@link Wakeup}). It touches no socket and no job
 * state. If Redis drops the subscription it subscribes again; the loop's periodic poll covers
 * whatever was published meanwhile.
 *
 * <p>The subscription has a connection of its own, closed after use, never one from the shared
 * pool: a connection that was subscribed can still hold late pub/sub replies, which would be read
 * as the answer to the next command.
 */
final class BrokerEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerEvents.class);
  private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

  private final String redisUri;
  private final RedisKeys keys;
  private final Queue<Signal> inbox;
  private final Wakeup wakeup;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Listener listener = new Listener();
  private final Thread thread;
  private volatile boolean lost; // warned once; quiet until subscribed again

  BrokerEvents(String redisUri, RedisKeys keys, Queue<Signal> inbox, Wakeup wakeup) {
    this.redisUri = redisUri;
    this.keys = keys;
    this.inbox = inbox;
    this.wakeup = wakeup;
    this.thread = new Thread(this::run, "jobwire-broker-events");
    this.thread.setDaemon(true);
  }

  /** Starts listening; waits up to {@code timeout} for the subscription (Redis may be down). */
  void start(Duration timeout) throws InterruptedException {
    thread.start();
    if (!subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("not yet subscribed to Redis channels; the broker polls until it is");
    }
  }

  private void run() {
    while (stopping.getCount() > 0) {
      try (Jedis connection = RedisConnections.pubSub(redisUri)) {
        connection.subscribe(listener, keys.wakeChannel(), keys.cancelChannel());
      } catch (RuntimeException e) {
        if (stopping.getCount() > 0 && !lost) {
          lost = true;
          log.warn(
              "lost the Redis subscription ({}); subscribing again every second", e.toString());
        }
      }
      try {
        stopping.await(RESUBSCRIBE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    stopping.countDown();
    try {
      if (listener.isSubscribed()) {
        listener.unsubscribe();
      }
    } catch (RuntimeException e) {
      log.debug("unsubscribe while stopping: {}", e.toString());
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener extends JedisPubSub {
    @Override
    public void onSubscribe(String channel, int count) {
      if (count == 2) {
        subscribed.countDown();
        if (lost) {
          lost = false;
          log.info("subscribed to the Redis channels again");
        }
      }
      if (stopping.getCount() == 0) {
        unsubscribe();
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      if (channel.equals(keys.wakeChannel())) {
        inbox.offer(new Signal.JobsEnqueued(message));
      } else {
        inbox.offer(new Signal.CancelAsked(message));
      }
      wakeup.signal();
    }
  }
}
