package io.jobwire.broker;

import io.jobwire.broker.internal.ZmqBroker;
import io.jobwire.queue.Schedules;
import io.jobwire.runtime.Health;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The job broker: binds a ZeroMQ ROUTER, hands queued jobs to the workers that connect to it and
 * records what they report in Redis. See {@code PROTOCOL.md} section 2 for the wire contract.
 *
 * <pre>{@code
 * try (Broker broker = Broker.start(BrokerConfig.builder().bind("tcp://127.0.0.1:*").build())) {
 *   String endpoint = broker.endpoint(); // workers connect a DEALER here
 * }
 * }</pre>
 *
 * <p>One thread, {@code jobwire-broker}, owns every socket and makes the Redis calls of the job
 * path; a second, {@code jobwire-broker-events}, only listens on Redis pub/sub (new jobs, cancels,
 * schedule changes) and wakes the others; a third, {@code jobwire-broker-scheduler}, fires the
 * {@link Schedules} (sleeping until the earliest next run).
 */
public interface Broker extends AutoCloseable {

  /** Binds, starts the broker's threads and returns once workers can connect. */
  static Broker start(BrokerConfig config) {
    return ZmqBroker.start(config);
  }

  /** The endpoint actually bound, e.g. {@code tcp://127.0.0.1:41234} for a bind on port 0/*. */
  String endpoint();

  /**
   * Runs the timed work now instead of at the next tick: heartbeats to workers, declaring silent
   * workers dead, requeueing jobs whose lease expired, promoting due retries, firing due schedule
   * ticks. Blocks until done. With a settable {@link java.time.Clock} this lets tests move time
   * instead of sleeping.
   */
  void runDueWork();

  BrokerStats stats();

  /** The broker's meters (a Prometheus registry): jobs, latencies, workers. */
  MeterRegistry meterRegistry();

  /** Ready when Redis answers and the ROUTER is bound with its thread running. Blocks briefly. */
  Health health();

  /** Stops the broker: its sockets are closed; jobs still running stay leased in Redis. */
  @Override
  void close();
}
