package io.jobwire.frontend.internal.metrics;

import io.jobwire.frontend.FrontendStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The front end's meters: {@link FrontendStats} bound as gauges and counters (read when scraped)
 * the event-loop lag, which {@code DashboardFeed} measures, and refused admin requests.
 */
public final class FrontendMetrics {
  public final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final Timer eventLoopLag;
  public final Counter adminDenied;

  public FrontendMetrics(Supplier<FrontendStats> stats) {
    Gauge.builder("jobwire.frontend.connections", () -> stats.get().connections())
        .description("WebSocket connections open now")
        .register(registry);
    Gauge.builder("jobwire.frontend.subscriptions", () -> stats.get().subscriptions())
        .description("subscriptions alive now")
        .register(registry);
    counter(
        stats,
        "jobwire.frontend.messages.in",
        "messages received on the ZeroMQ ingress",
        FrontendStats::ingressMessages);
    counter(
        stats,
        "jobwire.frontend.messages.out",
        "progress, result, failed and event messages" + " handed to connections",
        FrontendStats::deliveries);
    counter(
        stats,
        "jobwire.frontend.ingress.errors",
        "ingress frames that could not be decoded",
        FrontendStats::ingressMalformed);
    counter(
        stats,
        "jobwire.frontend.ingress.unknown.routes",
        "ingress messages for no live" + " subscription",
        FrontendStats::unknownRoutes);
    counter(
        stats,
        "jobwire.frontend.duplicates.dropped",
        "worker messages dropped as duplicates",
        FrontendStats::duplicatesDropped);
    counter(
        stats,
        "jobwire.frontend.overflow.dropped",
        "deliveries dropped before subscribed",
        FrontendStats::overflowDropped);
    counter(
        stats,
        "jobwire.frontend.slow.clients.disconnected",
        "connections cut off because" + " their outgoing buffer overflowed",
        FrontendStats::slowClientsDisconnected);
    eventLoopLag =
        Timer.builder("jobwire.frontend.event.loop.lag")
            .description("delay before an Undertow IO thread runs a task handed to it")
            .publishPercentileHistogram()
            .register(registry);
    adminDenied =
        Counter.builder("jobwire.frontend.admin.denied")
            .description(
                "admin requests refused: missing or wrong admin key (401) or none set (403)")
            .register(registry);
  }

  private void counter(
      Supplier<FrontendStats> stats, String name, String help, ToDoubleFunction<FrontendStats> f) {
    FunctionCounter.builder(name, stats, s -> f.applyAsDouble(s.get()))
        .description(help)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
