package io.jobwire.launcher.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.client.WsClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client of the real front end that keeps deliveries apart by subscription, so a check
 * can follow several jobs at once. One thread uses it.
 */
final class Client implements AutoCloseable {
  private final WsClient ws;
  private final Map<String, Queue<JsonNode>> bySub = new HashMap<>();
  private final Queue<JsonNode> replies = new ArrayDeque<>();
  private int refs;

  Client(String url, Duration timeout) throws InterruptedException, TimeoutException {
    ws = WsClient.connect(url);
    ws.next("welcome", timeout);
  }

  /** A subscription and the job it started. */
  record Sub(String sub, String job) {}

  Sub subscribe(String topic, String paramsJson, Duration timeout) throws Exception {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    int ref = ++refs;
    request.put("op", "subscribe").put("ref", ref).put("topic", topic);
    request.set("params", io.jobwire.protocol.Codec.parse(paramsJson));
    ws.send(request.toString());
    JsonNode reply = reply(ref, timeout);
    if (!"subscribed".equals(reply.path("op").asText())) {
      throw new AssertionError("subscribe " + topic + " got " + reply);
    }
    return new Sub(reply.path("sub").asText(), reply.path("job").asText());
  }

  void unsubscribe(String sub, Duration timeout) throws Exception {
    int ref = ++refs;
    ws.send("{\"op\":\"unsubscribe\",\"ref\":" + ref + ",\"sub\":\"" + sub + "\"}");
    reply(ref, timeout);
  }

  /**
   * The next delivery (progress, result, failed, event) for {@code sub}. A {@code notice} is the
   * front end's advice about the subscription, not part of the job's stream: it is skipped (a
   * worker that registers while the check subscribes may be reported {@code no_worker} at first).
   */
  JsonNode next(String sub, Duration timeout) throws InterruptedException, TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      Queue<JsonNode> queued = bySub.get(sub);
      if (queued != null && !queued.isEmpty()) {
        return queued.poll();
      }
      file(ws.next(Duration.ofNanos(Math.max(1, until - System.nanoTime()))));
    }
  }

  private JsonNode reply(int ref, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JsonNode reply : replies) {
        if (reply.path("ref").asInt(-1) == ref) {
          replies.remove(reply);
          return reply;
        }
      }
      file(ws.next(Duration.ofNanos(Math.max(1, until - System.nanoTime()))));
    }
  }

  private void file(JsonNode frame) {
    if (frame.has("ref")) {
      replies.add(frame);
    } else if (frame.has("sub") && !"notice".equals(frame.path("op").asText())) {
      bySub.computeIfAbsent(frame.path("sub").asText(), s -> new ArrayDeque<>()).add(frame);
    }
  }

  @Override
  public void close() {
    ws.close();
  }
}
