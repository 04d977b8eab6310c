package io.jobwire.queue.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.BatchStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A batch's finished children as {@code batch:B:children} holds them, and what the callback gets.
 */
final class BatchOutcomes {
  /** Children's outcomes handed to the callback in full; beyond it, only the failed ones. */
  static final int MAX_OUTCOMES = 1000;

  private final RedisGateway redis;
  private final RedisKeys keys;

  BatchOutcomes(RedisGateway redis) {
    this.redis = redis;
    this.keys = redis.keys();
  }

  /** The first {@code limit} children that did not succeed, in the order they finished. */
  List<BatchStore.Outcome> failures(String batch, int limit) {
    return outcomes(batch).stream()
        .filter(o -> !"succeeded".equals(o.state()))
        .limit(limit)
        .toList();
  }

  /** Every finished child's outcome, in the order they finished. */
  List<BatchStore.Outcome> outcomes(String batch) {
    Map<String, String> finished = redis.call(r -> r.hgetAll(keys.batchChildren(batch)));
    List<BatchStore.Outcome> rows = new ArrayList<>(finished.size());
    finished.forEach(
        (job, stored) -> {
          JsonNode row = Json.tree(stored);
          rows.add(
              new BatchStore.Outcome(
                  row.path("n").asLong(),
                  job,
                  row.path("s").asText(),
                  row.path("e").asText(""),
                  row.path("k").asLong()));
        });
    rows.sort(Comparator.comparingLong(BatchStore.Outcome::n));
    return rows;
  }

  /** The callback's params with {@code batch}: the totals and the children's outcomes. */
  String callbackParams(String batch, String params, BatchStatus status) {
    ObjectNode given =
        params.isEmpty() ? Codec.mapper().createObjectNode() : (ObjectNode) Json.tree(params);
    ObjectNode summary = given.putObject("batch");
    summary
        .put("id", batch)
        .put("total", status.total())
        .put("succeeded", status.succeeded())
        .put("failed", status.failed());
    List<BatchStore.Outcome> rows = outcomes(batch);
    boolean all = rows.size() <= MAX_OUTCOMES;
    ArrayNode children = summary.putArray("children");
    for (BatchStore.Outcome row : all ? rows : failures(batch, MAX_OUTCOMES)) {
      ObjectNode child = children.addObject().put("job", row.job()).put("state", row.state());
      if (!row.code().isEmpty()) {
        child.put("code", row.code());
      }
    }
    summary.put("truncated", !all);
    return Codec.encode(given);
  }
}
