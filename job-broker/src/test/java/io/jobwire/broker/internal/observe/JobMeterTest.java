package io.jobwire.broker.internal.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Job;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobMeterTest {

  private static Job job(String id) {
    return new Job(id, "t", null, null, null, null, 1, 3, null);
  }

  @Test
  void times_enqueue_to_start_from_the_enqueue_times_the_claim_returned() {
    var registry = new SimpleMeterRegistry();
    var meter = new JobMeter(registry);

    meter.started(List.of(job("j-1"), job("j-2"), job("j-3")), List.of("1000", "", "1400"), 2000);

    var wait = registry.get("jobwire.job.wait").timer();
    assertEquals(2, wait.count(), "a job without an enqueue time is not timed");
    assertEquals(1600, wait.totalTime(TimeUnit.MILLISECONDS), 0.001);
    assertEquals(800, meter.takeWaitMillis(), 0.001);
    assertEquals(3, meter.started.sum());
  }

  @Test
  void times_start_to_result_of_jobs_it_saw_start() {
    var registry = new SimpleMeterRegistry();
    var meter = new JobMeter(registry);
    meter.started(List.of(job("j-1")), List.of("900"), 1000);

    meter.succeeded("j-1", 1250);
    meter.succeeded("j-unknown", 1300);

    var run = registry.get("jobwire.job.run").timer();
    assertEquals(1, run.count());
    assertEquals(250, run.totalTime(TimeUnit.MILLISECONDS), 0.001);
    assertEquals(2, meter.succeeded.sum());
  }
}
