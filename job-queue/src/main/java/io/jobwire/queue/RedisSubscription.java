package io.jobwire.queue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A named thread subscribed to some Redis channels, handing every message to a handler. If Redis
 * drops the subscription it subscribes again every second (and says so once); callers cover what
 * was published meanwhile (the broker polls, the front ends' liveness ages out).
 *
 * <p>The subscription has a connection of its own, closed after use, never one from the shared
 * pool: a connection that was subscribed can still hold late pub/sub replies, which would be read
 * as the answer to the next command.
 */
public final class RedisSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);
  private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

  private final String redisUri;
  private final String[] channels;
  private final BiConsumer<String, String> handler;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Listener listener = new Listener();
  private final Thread thread;
  private volatile boolean lost; // warned once; quiet until subscribed again

  /**
   * @param handler called on this subscription's thread with (channel, message); what it throws is
   *     logged and the message dropped
   */
  public RedisSubscription(
      String redisUri, String threadName, BiConsumer<String, String> handler, String... channels) {
    this.redisUri = redisUri;
    this.channels = channels.clone();
    this.handler = handler;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  /**
   * Starts listening and waits up to {@code timeout} for the subscription (Redis may be down).
   *
   * @return whether every channel is subscribed; if not, the thread keeps trying every second
   */
  public boolean start(Duration timeout) {
    thread.start();
    try {
      return subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True while every channel is subscribed (as far as this thread knows); any thread. */
  public boolean live() {
    return subscribed.getCount() == 0 && !lost;
  }

  private void run() {
    while (stopping.getCount() > 0) {
      try (Jedis connection = RedisConnections.pubSub(redisUri)) {
        connection.subscribe(listener, channels);
      } catch (RuntimeException e) {
        if (stopping.getCount() > 0 && !lost) {
          lost = true;
          log.warn(
              "{}: lost the Redis subscription ({}); subscribing again every second",
              thread.getName(),
              e.toString());
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
      if (count == channels.length) {
        subscribed.countDown();
        if (lost) {
          lost = false;
          log.info("{}: subscribed to the Redis channels again", thread.getName());
        }
      }
      if (stopping.getCount() == 0) {
        unsubscribe();
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      try {
        handler.accept(channel, message);
      } catch (RuntimeException e) {
        log.warn("{}: dropped a bad message on {}: {}", thread.getName(), channel, e.toString());
      }
    }
  }
}
