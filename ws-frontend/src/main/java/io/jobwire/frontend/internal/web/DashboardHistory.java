package io.jobwire.frontend.internal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.MonitorSnapshot.BrokerInfo;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Throughput and latency over the last minutes, from the brokers' published counters: one point per
 * snapshot. Observer thread only.
 */
final class DashboardHistory {
  static final int POINTS = 300;

  private record Point(
      long at, double donePerSec, double failedPerSec, double waitMs, double runMs) {}

  private final Deque<Point> points = new ArrayDeque<>();
  private long lastAt;
  private long lastDone = -1;
  private long lastFailed;

  void add(MonitorSnapshot snapshot) {
    long done = 0, failed = 0;
    double wait = 0, run = 0;
    int timed = 0;
    for (BrokerInfo broker : snapshot.brokers()) {
      done += broker.succeeded();
      failed += broker.failed();
      if (broker.runMillis() > 0 || broker.waitMillis() > 0) {
        wait += broker.waitMillis();
        run += broker.runMillis();
        timed++;
      }
    }
    long now = System.currentTimeMillis();
    if (lastDone >= 0 && now > lastAt && done >= lastDone && failed >= lastFailed) {
      double seconds = (now - lastAt) / 1000.0;
      points.addLast(
          new Point(
              now,
              (done - lastDone) / seconds,
              (failed - lastFailed) / seconds,
              timed == 0 ? 0 : wait / timed,
              timed == 0 ? 0 : run / timed));
      while (points.size() > POINTS) {
        points.removeFirst();
      }
    }
    lastAt = now;
    lastDone = done;
    lastFailed = failed;
  }

  ArrayNode toJson() {
    ArrayNode array = Codec.mapper().createArrayNode();
    for (Point p : points) {
      ObjectNode node = array.addObject();
      node.put("at", p.at());
      node.put("done_per_sec", p.donePerSec());
      node.put("failed_per_sec", p.failedPerSec());
      node.put("wait_ms", p.waitMs());
      node.put("run_ms", p.runMs());
    }
    return array;
  }
}
