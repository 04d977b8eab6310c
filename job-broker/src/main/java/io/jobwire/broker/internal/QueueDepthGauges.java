package io.jobwire.broker.internal;

import io.jobwire.broker.Monitor;
import io.jobwire.broker.MonitorSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-topic queue gauges ({@code jobwire_queue_jobs{topic,state}}) and the enqueue counter, from a
 * {@link Monitor} snapshot taken when metrics are scraped (on the scraping thread).
 */
public final class QueueDepthGauges {
  private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);

  private final Monitor monitor;
  private final MultiGauge depths;
  private final AtomicLong enqueued = new AtomicLong();

  public QueueDepthGauges(MeterRegistry registry, Monitor monitor) {
    this.monitor = monitor;
    this.depths =
        MultiGauge.builder("jobwire.queue.jobs")
            .description("jobs per topic and state (queued, delayed, running, dead)")
            .register(registry);
    FunctionCounter.builder("jobwire.jobs.enqueued", enqueued, AtomicLong::get)
        .description("jobs ever enqueued in this namespace (a counter kept in Redis)")
        .register(registry);
  }

  /** Reads Redis; on failure keeps the last values. */
  public void refresh() {
    MonitorSnapshot snapshot;
    try {
      snapshot = monitor.snapshot();
    } catch (RuntimeException e) {
      log.debug("queue gauges not refreshed: {}", e.toString());
      return;
    }
    enqueued.set(snapshot.enqueued());
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (var q : snapshot.queues()) {
      rows.add(MultiGauge.Row.of(Tags.of("topic", q.topic(), "state", "queued"), q.queued()));
      rows.add(MultiGauge.Row.of(Tags.of("topic", q.topic(), "state", "delayed"), q.delayed()));
      rows.add(MultiGauge.Row.of(Tags.of("topic", q.topic(), "state", "running"), q.running()));
      rows.add(MultiGauge.Row.of(Tags.of("topic", q.topic(), "state", "dead"), q.dead()));
    }
    depths.register(rows, true);
  }
}
