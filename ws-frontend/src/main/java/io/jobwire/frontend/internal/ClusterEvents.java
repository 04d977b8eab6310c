package io.jobwire.frontend.internal;

import io.jobwire.broker.RedisConnections;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The {@code jobwire-cluster-events} thread: listens on this front end's Redis channel ({@code
 * jobwire:{NS}:fe:ID}) and on the one for every front end ({@code jobwire:{NS}:fe-all}), and hands
 * each message over; it touches no subscription itself. Being subscribed is also how the others
 * know this front end is alive: a PUBLISH to its channel reaches one listener. If Redis drops the
 * subscription it subscribes again every second.
 *
 * <p>The subscription has a connection of its own, never one from the shared pool (a connection
 * that was subscribed can still hold late pub/sub replies).
 */
final class ClusterEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

  private final String redisUri;
  private final String[] channels;
  private final Consumer<String> handler;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Listener listener = new Listener();
  private final Thread thread;
  private volatile boolean lost;

  ClusterEvents(String redisUri, Consumer<String> handler, String... channels) {
    this.redisUri = redisUri;
    this.channels = channels;
    this.handler = handler;
    this.thread = new Thread(this::run, "jobwire-cluster-events");
    this.thread.setDaemon(true);
  }

  /** Starts listening; waits up to {@code timeout} for the subscription (Redis may be down). */
  void start(Duration timeout) {
    thread.start();
    try {
      if (!subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("not yet subscribed to the front-end channels in Redis; retrying every second");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (stopping.getCount() > 0) {
      try (Jedis jedis = RedisConnections.pubSub(redisUri)) {
        jedis.subscribe(listener, channels);
      } catch (RuntimeException e) {
        if (stopping.getCount() > 0 && !lost) {
          lost = true;
          log.warn(
              "lost the front-end channels ({}); subscribing again every second", e.toString());
        }
      }
      try {
        stopping.await(RESUBSCRIBE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops listening: from now on this front end counts as gone for the others. */
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
      if (count == channels.length) {
        subscribed.countDown();
        if (lost) {
          lost = false;
          log.info("listening on the front-end channels again");
        }
      }
      if (stopping.getCount() == 0) {
        unsubscribe();
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      try {
        handler.accept(message);
      } catch (RuntimeException e) {
        log.warn("bad front-end message on {}: {}", channel, e.toString());
      }
    }
  }
}
