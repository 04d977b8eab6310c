package io.jobwire.frontend.internal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.MonitorJson;
import io.jobwire.queue.MonitorSnapshot;

/** The dashboard's one message: a snapshot, totals at a glance and the history. */
final class DashboardJson {
  private DashboardJson() {}

  static String of(MonitorSnapshot snapshot, DashboardHistory history, String frontendId) {
    ObjectNode json = MonitorJson.of(snapshot);
    json.put("frontend", frontendId);
    json.set("history", history.toJson());
    return Codec.encode(json);
  }

  /**
   * What the dashboard gets while Redis does not answer: {@code error} {@code redis_unreachable},
   * why, and when this front end last tried; sent every second until a snapshot comes again.
   */
  static String unreachable(String frontendId, String why, long at) {
    ObjectNode json = Codec.mapper().createObjectNode();
    json.put("error", "redis_unreachable");
    json.put("message", why);
    json.put("taken_at", at);
    json.put("frontend", frontendId);
    return Codec.encode(json);
  }
}
