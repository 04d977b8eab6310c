package io.jobwire.worker;

import io.jobwire.worker.internal.DefaultWorker;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A jobwire worker: takes jobs from the broker and runs their handlers.
 *
 * <pre>{@code
 * try (Worker worker = Worker.builder()
 *         .broker("tcp://127.0.0.1:5556")
 *         .capacity(8)
 *         .handle("ping", job -> {
 *           job.progress(Map.of("tick", 1));
 *           return Map.of("ticks", 1);
 *         })
 *         .build()) {
 *   worker.start();
 *   worker.awaitTermination();
 * }
 * }</pre>
 *
 * <p>One thread, {@code jobwire-worker-io}, owns every socket; handlers run on virtual threads, at
 * most {@link WorkerConfig#capacity()} at once, and hand their messages to it.
 */
public interface Worker extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  String id();

  WorkerConfig config();

  /** The topics this worker has handlers for, as sent in {@code ready}. */
  Set<String> topics();

  /**
   * Connects to the broker and sends {@code ready}; returns once that is done. Jobs then run in the
   * background until {@link #close()}.
   *
   * @throws IllegalStateException when called twice, after close, or when the sockets cannot be set
   *     up
   */
  void start();

  /** Waits until the worker has stopped (after {@link #close()}). */
  void awaitTermination() throws InterruptedException;

  /** Waits up to {@code timeout}; true when the worker has stopped. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Leaves gracefully and waits until done: takes no new jobs, lets running jobs finish for up to
   * {@link WorkerConfig#gracePeriod()}, interrupts the rest (reporting them as {@code fail} with
   * {@code retry:true}), sends {@code bye} and closes the sockets. Safe to call more than once and
   * from any thread.
   */
  @Override
  void close();

  /** Registers a JVM shutdown hook that calls {@link #close()}, so SIGTERM drains jobs. */
  Worker closeOnShutdown();

  /** Collects the configuration and the handlers of a {@link Worker}. */
  final class Builder {
    private WorkerConfig.Builder config = WorkerConfig.builder();
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Starts from {@code config} (for instance one built from flags); later calls override it. */
    public Builder config(WorkerConfig config) {
      this.config = config.toBuilder();
      return this;
    }

    /**
     * The broker's endpoint, or several separated by commas; default {@value
     * WorkerConfig#DEFAULT_BROKER}.
     */
    public Builder broker(String broker) {
      config.broker(broker);
      return this;
    }

    /** Several brokers on one queue: the worker takes jobs from all of them. */
    public Builder brokers(java.util.List<String> brokers) {
      config.brokers(brokers);
      return this;
    }

    public Builder id(String id) {
      config.id(id);
      return this;
    }

    public Builder capacity(int capacity) {
      config.capacity(capacity);
      return this;
    }

    public Builder gracePeriod(Duration gracePeriod) {
      config.gracePeriod(gracePeriod);
      return this;
    }

    /** ZeroMQ CURVE keys; default {@link WorkerCurve#NONE}. */
    public Builder curve(WorkerCurve curve) {
      config.curve(curve);
      return this;
    }

    /** The largest ZeroMQ message accepted from a broker or front end. */
    public Builder maxMessageBytes(int maxMessageBytes) {
      config.maxMessageBytes(maxMessageBytes);
      return this;
    }

    /** The clock that job deadlines are checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs jobs of {@code topic} with {@code handler}; one handler per topic. */
    public Builder handle(String topic, JobHandler handler) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be blank");
      }
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(topic, handler) != null) {
        throw new IllegalArgumentException("topic '" + topic + "' already has a handler");
      }
      return this;
    }

    /** The topics registered so far. */
    public Set<String> topics() {
      return Set.copyOf(handlers.keySet());
    }

    public Worker build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException(
            "a worker needs at least one handler: call handle(topic, handler)");
      }
      return new DefaultWorker(config.build(), handlers, clock);
    }
  }
}
