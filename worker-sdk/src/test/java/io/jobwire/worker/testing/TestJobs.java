package io.jobwire.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import java.util.Map;

/** Job assignments as a broker would send them. */
public final class TestJobs {
  private TestJobs() {}

  /** A job for {@code topic} whose results go to {@code replyTo} (null: a background job). */
  public static BrokerMessage.Assign job(
      String id, String topic, Map<String, ?> params, String replyTo) {
    return job(id, topic, params, replyTo, null);
  }

  public static BrokerMessage.Assign job(
      String id, String topic, Map<String, ?> params, String replyTo, Long deadline) {
    JsonNode tree = Codec.mapper().valueToTree(params);
    ObjectNode route = Codec.mapper().createObjectNode().put("sub", "s-" + id).put("fe", "fe-test");
    return new BrokerMessage.Assign(
        new Job(id, topic, tree, "alice", replyTo, replyTo == null ? null : route, 1, 3, deadline));
  }
}
