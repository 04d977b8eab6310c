package io.jobwire.broker.internal.observe;

import io.jobwire.broker.internal.store.Recovery;
import io.jobwire.broker.internal.workers.JobEvents;
import io.jobwire.protocol.Job;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts job outcomes and times them (enqueue→start, start→result) for the metrics and the
 * dashboard. Updated on the broker thread; the counters are read from any thread.
 */
public final class JobMeter implements JobEvents {
  private static final int MAX_TRACKED = 100_000;

  final LongAdder started = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder dead = new LongAdder();
  private final Timer wait;
  private final Timer run;
  private final Map<String, Long> startedAt = new HashMap<>();
  private final Mean recentWait = new Mean();
  private final Mean recentRun = new Mean();

  public JobMeter(MeterRegistry registry) {
    counter(registry, "jobwire.jobs.started", "jobs handed to workers", started);
    counter(registry, "jobwire.jobs.succeeded", "jobs that ended with a result", succeeded);
    counter(registry, "jobwire.jobs.failed", "fail reports from workers", failed);
    counter(registry, "jobwire.jobs.retried", "failed jobs scheduled to run again", retried);
    counter(registry, "jobwire.jobs.dead", "jobs moved to the dead letters", dead);
    this.wait = timer(registry, "jobwire.job.wait", "time from enqueue to start");
    this.run = timer(registry, "jobwire.job.run", "time from start to result");
  }

  private static void counter(MeterRegistry registry, String name, String help, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
  }

  private static Timer timer(MeterRegistry registry, String name, String help) {
    return Timer.builder(name)
        .description(help)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  /**
   * Jobs handed to workers; {@code created[i]} is job i's enqueue time (epoch ms, as text) read by
   * the claim in the same Redis call, or empty when unknown.
   */
  @Override
  public void started(List<Job> jobs, List<String> created, long now) {
    if (jobs.isEmpty()) {
      return;
    }
    started.add(jobs.size());
    if (startedAt.size() > MAX_TRACKED) {
      startedAt.clear(); // jobs lost with their workers are never finished here
    }
    for (Job job : jobs) {
      startedAt.put(job.id(), now);
    }
    for (String at : created) {
      if (!at.isEmpty()) {
        record(wait, recentWait, now - Long.parseLong(at));
      }
    }
  }

  @Override
  public void succeeded(String job, long now) {
    succeeded.increment();
    Long at = startedAt.remove(job);
    if (at != null) {
      record(run, recentRun, now - at);
    }
  }

  /** A worker's {@code fail}, with the state the job went to. */
  @Override
  public void failed(String job, String state) {
    failed.increment();
    startedAt.remove(job);
    switch (state) {
      case "delayed" -> retried.increment();
      case "dead" -> dead.increment();
      default -> {}
    }
  }

  /** Jobs of a lost worker or lease: requeued ones run again, others went to the dead letters. */
  @Override
  public void recovered(Recovery recovery) {
    recovery.jobs().forEach(startedAt::remove);
    dead.add(recovery.dead().size());
  }

  /** Mean enqueue→start in ms since the last call (0 when none). */
  double takeWaitMillis() {
    return recentWait.take();
  }

  /** Mean start→result in ms since the last call (0 when none). */
  double takeRunMillis() {
    return recentRun.take();
  }

  private static void record(Timer timer, Mean mean, long millis) {
    long ms = Math.max(0, millis);
    timer.record(ms, TimeUnit.MILLISECONDS);
    mean.add(ms);
  }

  private static final class Mean {
    private double sum;
    private long count;

    void add(long value) {
      sum += value;
      count++;
    }

    double take() {
      double mean = count == 0 ? 0 : sum / count;
      sum = 0;
      count = 0;
      return mean;
    }
  }
}
