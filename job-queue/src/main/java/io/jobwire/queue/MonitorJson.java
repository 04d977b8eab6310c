package io.jobwire.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;

/**
 * A {@link MonitorSnapshot} as JSON, the one form {@code jobwire status --json} and the dashboard
 * share: every name in {@code snake_case}, as in the protocol ({@code taken_at}, {@code last_seen},
 * {@code reply_to}), plus {@code totals}, {@code worker_counts} and {@code unserved_topics}.
 */
public final class MonitorJson {
  private static final ObjectMapper SNAKE =
      Codec.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private MonitorJson() {}

  public static ObjectNode of(MonitorSnapshot snapshot) {
    ObjectNode json = SNAKE.valueToTree(snapshot);
    json.set("totals", SNAKE.valueToTree(snapshot.totals()));
    ObjectNode workers = json.putObject("worker_counts");
    workers.put("total", snapshot.workers().size());
    workers.put("idle", snapshot.workersIdle());
    workers.put("busy", snapshot.workersBusy());
    json.set("unserved_topics", SNAKE.valueToTree(snapshot.unservedTopics()));
    return json;
  }

  /** Any part of a snapshot (a record) in the same snake_case form. */
  public static ObjectNode snake(Object part) {
    return SNAKE.valueToTree(part);
  }
}
