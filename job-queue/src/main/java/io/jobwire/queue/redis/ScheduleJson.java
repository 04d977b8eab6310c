package io.jobwire.queue.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.Schedule;
import java.time.Duration;
import java.time.ZoneId;

/**
 * A schedule's definition as kept in its hash's {@code def} field: JSON with a fixed field order,
 * so that putting the same schedule again writes the same text (and changes nothing).
 */
final class ScheduleJson {
  private ScheduleJson() {}

  static String write(Schedule s) {
    ObjectNode node = Codec.mapper().createObjectNode();
    node.put("topic", s.topic());
    node.set("params", s.params());
    if (s.cron() != null) {
      node.put("cron", s.cron());
      node.put("zone", s.zone().getId());
    } else {
      node.put("every_ms", s.every().toMillis());
    }
    node.put("misfire", s.misfire().wire());
    return Codec.encode(node);
  }

  /** The schedule named {@code name} from its {@code def}; throws when it cannot be read. */
  static Schedule read(String name, String def) {
    JsonNode node;
    try {
      node = Codec.parse(def);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("schedule " + name + ": unreadable definition", e);
    }
    return new Schedule(
        name,
        node.path("topic").asText(null),
        node.get("params"),
        node.hasNonNull("cron") ? node.get("cron").asText() : null,
        node.hasNonNull("every_ms") ? Duration.ofMillis(node.get("every_ms").asLong()) : null,
        node.hasNonNull("zone") ? ZoneId.of(node.get("zone").asText()) : null,
        Schedule.Misfire.fromWire(node.path("misfire").asText("skip")));
  }
}
