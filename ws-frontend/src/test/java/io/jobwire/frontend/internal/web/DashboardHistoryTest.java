package io.jobwire.frontend.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.MonitorSnapshot.BrokerInfo;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class DashboardHistoryTest {

  static MonitorSnapshot brokers(BrokerInfo... brokers) {
    return new MonitorSnapshot(0, 0, List.of(), List.of(), List.of(brokers), List.of(), List.of());
  }

  static BrokerInfo broker(String id, long succeeded, long failed, double runMs) {
    return new BrokerInfo(id, "", 1, 0, 0, succeeded, failed, 0, 0, 5, runMs, 0);
  }

  @Test
  void a_point_is_the_rate_of_finished_jobs_across_brokers_since_the_last_snapshot() {
    var history = new DashboardHistory();
    history.add(brokers(broker("a", 10, 0, 0), broker("b", 5, 1, 0)));
    assertEquals(0, history.toJson().size(), "the first snapshot only sets the baseline");
    long start = System.currentTimeMillis();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> System.currentTimeMillis() > start + 10); // rates need elapsed time
    history.add(brokers(broker("a", 20, 0, 40), broker("b", 5, 3, 20)));
    var point = history.toJson().get(0);
    assertTrue(point.path("done_per_sec").asDouble() > 0);
    assertTrue(point.path("failed_per_sec").asDouble() > 0);
    assertEquals(30.0, point.path("run_ms").asDouble(), "mean over the brokers that timed jobs");
    assertEquals(5.0, point.path("wait_ms").asDouble());
  }

  @Test
  void a_restarted_broker_does_not_make_a_negative_point() {
    var history = new DashboardHistory();
    history.add(brokers(broker("a", 10, 0, 0)));
    history.add(brokers(broker("a", 1, 0, 0)));
    assertEquals(0, history.toJson().size());
  }
}
