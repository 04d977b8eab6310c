package io.jobwire.queue;

import io.jobwire.queue.internal.RedisDeadLetters;
import java.util.List;

/**
 * The dead letters of a queue: jobs that ran out of attempts. They are kept for the queue's dead
 * retention ({@link QueueConfig#deadRetention()}), then dropped.
 *
 * <pre>{@code
 * try (DeadLetters dead = DeadLetters.redis(QueueConfig.builder().redisUri(uri).build())) {
 *   dead.list(100).forEach(d -> System.out.println(d.job() + " " + d.error().message()));
 * }
 * }</pre>
 */
public interface DeadLetters extends AutoCloseable {

  static DeadLetters redis(QueueConfig config) {
    return new RedisDeadLetters(config);
  }

  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetter> list(int limit);

  /** How many dead letters there are. */
  long count();

  /**
   * Puts a dead letter back on its queue with its attempts reset; true if it was one. It keeps its
   * {@code reply_to} and route, so a subscriber still listening sees its result.
   */
  boolean retry(String jobId);

  /** Deletes every dead letter and its record; returns how many. */
  long purge();

  @Override
  void close();
}
