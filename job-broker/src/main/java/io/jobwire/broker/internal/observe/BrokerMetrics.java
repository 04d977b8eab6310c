package io.jobwire.broker.internal.observe;

import io.jobwire.broker.BrokerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** Binds the broker's {@link BrokerStats} to Micrometer meters; read when scraped. */
public final class BrokerMetrics {
  private BrokerMetrics() {}

  public static void bind(MeterRegistry registry, Supplier<BrokerStats> stats) {
    Gauge.builder("jobwire.broker.workers", () -> stats.get().workers())
        .description("workers registered with this broker")
        .register(registry);
    Gauge.builder("jobwire.broker.running", () -> stats.get().running())
        .description("jobs handed out and not yet finished")
        .register(registry);
    FunctionCounter.builder(
            "jobwire.broker.malformed.messages", stats, s -> s.get().malformedMessages())
        .description("worker messages that could not be decoded")
        .register(registry);
    FunctionCounter.builder(
            "jobwire.broker.refused.messages", stats, s -> s.get().refusedMessages())
        .description(
            "worker messages refused: from an unregistered connection, or about a job not leased"
                + " to the sender")
        .register(registry);
  }
}
