package io.jobwire.launcher.cli;

import io.jobwire.queue.RedisConnections;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says a server is ready only once its Redis answers. Until then it says, once, that the server
 * waits for Redis; the {@code jobwire-redis-wait} thread asks Redis again every second and prints
 * the ready line when it answers. The server itself runs meanwhile and carries on by itself.
 */
public final class ReadyLine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);
  static final Duration ASK_EVERY = Duration.ofSeconds(1);

  private final Thread thread;

  private ReadyLine(Thread thread) {
    this.thread = thread;
  }

  /**
   * Prints {@code ready} (a log line) now when Redis at {@code redisUri} answers a PING, else a
   * WARN that {@code what} waits for it, and {@code ready} later, once it answers.
   */
  public static ReadyLine announce(String what, String redisUri, Runnable ready) {
    return announce(what, redisUri, () -> answers(redisUri), ready);
  }

  public static ReadyLine announce(
      String what, String redisUri, BooleanSupplier ping, Runnable ready) {
    if (ping.getAsBoolean()) {
      ready.run();
      return new ReadyLine(null);
    }
    log.warn(
        "{} is waiting for Redis: nothing answers at {}; check that redis-server runs there and"
            + " that --redis (or JOBWIRE_REDIS) names it. It says ready once Redis answers.",
        what,
        RedisConnections.redacted(redisUri));
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("jobwire-redis-wait")
            .start(
                () -> {
                  try {
                    while (!ping.getAsBoolean()) {
                      Thread.sleep(ASK_EVERY);
                    }
                    ready.run();
                  } catch (InterruptedException e) {
                    // closed before Redis answered
                  }
                });
    return new ReadyLine(thread);
  }

  /** True when a PING to {@code redisUri} gets an answer. Never throws. */
  public static boolean answers(String redisUri) {
    try (var redis = RedisConnections.client(redisUri)) {
      redis.ping();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
  }
}
