package io.jobwire.worker.internal;

import io.jobwire.worker.WorkerConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful leave as steps the I/O thread advances: take no new jobs and let running ones finish
 * for the grace period, then interrupt the rest and wait a moment for their reports, then leave
 * (the caller sends {@code bye}). Owned by the I/O thread.
 */
final class Shutdown {
  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
  private static final long INTERRUPT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private enum Phase {
    RUNNING,
    DRAINING,
    INTERRUPTING,
    DONE
  }

  private final WorkerConfig config;
  private Phase phase = Phase.RUNNING;
  private long phaseEndsNanos;

  Shutdown(WorkerConfig config) {
    this.config = config;
  }

  /** False once closing began: new jobs are turned away. */
  boolean accepting() {
    return phase == Phase.RUNNING;
  }

  boolean done() {
    return phase == Phase.DONE;
  }

  /** When the current step times out; {@code Long.MAX_VALUE} when nothing is timed. */
  long nanosUntilNextStep(long now) {
    return phase == Phase.DRAINING || phase == Phase.INTERRUPTING
        ? phaseEndsNanos - now
        : Long.MAX_VALUE;
  }

  void advance(long now, boolean stopRequested, Map<String, JobRun> runs) {
    switch (phase) {
      case RUNNING -> {
        if (stopRequested) {
          phase = Phase.DRAINING;
          phaseEndsNanos = now + config.gracePeriod().toNanos();
          log.info(
              "worker={} closing: waiting up to {} ms for {} running jobs",
              config.id(),
              config.gracePeriod().toMillis(),
              runs.size());
          advance(now, true, runs);
        }
      }
      case DRAINING -> {
        if (runs.isEmpty()) {
          phase = Phase.DONE;
        } else if (now - phaseEndsNanos >= 0) {
          log.warn(
              "worker={} interrupting {} jobs still running after the grace period: {}",
              config.id(),
              runs.size(),
              runs.keySet());
          runs.values().forEach(run -> run.stop(StopReason.SHUTDOWN));
          phase = Phase.INTERRUPTING;
          phaseEndsNanos = now + INTERRUPT_WAIT_NANOS;
        }
      }
      case INTERRUPTING -> {
        if (runs.isEmpty()) {
          phase = Phase.DONE;
        } else if (now - phaseEndsNanos >= 0) {
          log.warn(
              "worker={} leaving with jobs that ignore interrupts: {}; the broker re-runs them"
                  + " when their lease expires",
              config.id(),
              runs.keySet());
          phase = Phase.DONE;
        }
      }
      case DONE -> {}
    }
  }
}
