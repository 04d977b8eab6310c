package io.jobwire.queue;

import io.jobwire.queue.internal.RedisStores;
import java.util.List;
import java.util.Optional;

/**
 * The schedules of a queue: recurring background jobs that the brokers fire, each tick once however
 * many brokers run. Changes reach running brokers at once (Redis pub/sub).
 *
 * <pre>{@code
 * try (Schedules schedules = Schedules.redis(QueueConfig.builder().redisUri(uri).build())) {
 *   schedules.put(Schedule.cron("nightly", "report", "0 3 * * *"));
 * }
 * }</pre>
 *
 * <p>Every call blocks on Redis. Implementations are thread-safe.
 */
public interface Schedules extends AutoCloseable {

  static Schedules redis(QueueConfig config) {
    return RedisStores.schedules(config);
  }

  /**
   * Adds a schedule, or replaces the one of the same name. Returns false when an identical one is
   * there already (it keeps its next run, so a restart that puts it again loses no tick).
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  boolean put(Schedule schedule);

  /** Removes a schedule; false when there was none of that name. Jobs it queued stay. */
  boolean remove(String name);

  /** Every schedule, soonest next run first. */
  List<ScheduleStatus> list();

  /** One schedule, if there is one of that name. */
  default Optional<ScheduleStatus> get(String name) {
    return list().stream().filter(s -> s.schedule().name().equals(name)).findFirst();
  }

  /**
   * Queues a run of the schedule now, outside its ticks (which stay as they were); returns its job
   * id, or empty when there is no such schedule.
   */
  Optional<String> runNow(String name);

  @Override
  void close();
}
