package io.jobwire.frontend.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.broker.MonitorSnapshot;
import io.jobwire.protocol.Codec;

/** The dashboard's one message: a snapshot, totals at a glance and the history. */
final class DashboardJson {
  private DashboardJson() {}

  static String of(MonitorSnapshot snapshot, DashboardHistory history, String frontendId) {
    ObjectNode json = Codec.mapper().valueToTree(snapshot);
    json.put("frontend", frontendId);
    json.set("totals", Codec.mapper().valueToTree(snapshot.totals()));
    ObjectNode workers = json.putObject("worker_counts");
    workers.put("total", snapshot.workers().size());
    workers.put("idle", snapshot.workersIdle());
    workers.put("busy", snapshot.workersBusy());
    json.set("history", history.toJson());
    return Codec.encode(json);
  }
}
