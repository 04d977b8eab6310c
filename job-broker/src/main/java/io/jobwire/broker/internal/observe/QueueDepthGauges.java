package io.jobwire.broker.internal.observe;

import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.MonitorSnapshot.QueueInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-topic queue gauges ({@code jobwire_queue_jobs{topic,state}}) and the enqueue counter, from a
 * {@link Monitor} snapshot taken when metrics are scraped (on the scraping thread).
 *
 * <p>The series are bounded: a topic with no job queued, delayed, running or dead has none (its
 * series go away at the next scrape), and beyond the {@value #MAX_TOPICS} busiest topics the rest
 * are summed under {@code topic="_other"}.
 */
public final class QueueDepthGauges {
  private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);

  /** The most topics with series of their own. */
  static final int MAX_TOPICS = 100;

  static final String OTHER = "_other";

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
    List<QueueInfo> busy =
        snapshot.queues().stream()
            .filter(q -> total(q) > 0)
            .sorted(Comparator.comparingLong(QueueDepthGauges::total).reversed())
            .toList();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    long[] other = new long[4];
    for (int i = 0; i < busy.size(); i++) {
      QueueInfo q = busy.get(i);
      long[] counts = {q.queued(), q.delayed(), q.running(), q.dead()};
      if (i < MAX_TOPICS) {
        addRows(rows, q.topic(), counts);
      } else {
        for (int s = 0; s < 4; s++) {
          other[s] += counts[s];
        }
      }
    }
    if (busy.size() > MAX_TOPICS) {
      addRows(rows, OTHER, other);
    }
    depths.register(rows, true);
  }

  private static final String[] STATES = {"queued", "delayed", "running", "dead"};

  private static void addRows(List<MultiGauge.Row<?>> rows, String topic, long[] counts) {
    for (int s = 0; s < STATES.length; s++) {
      rows.add(MultiGauge.Row.of(Tags.of("topic", topic, "state", STATES[s]), counts[s]));
    }
  }

  private static long total(QueueInfo q) {
    return q.queued() + q.delayed() + q.running() + q.dead();
  }
}
