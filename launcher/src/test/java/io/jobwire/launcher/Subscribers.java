package io.jobwire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Real WebSocket clients, each holding many {@code ping} subscriptions, recording every frame they
 * are shown. Subscription i asks for {@code 1 + i % 2} ticks, so it must see exactly progress 1..n
 * then result n+1, in order.
 */
final class Subscribers implements AutoCloseable {

  /** One subscription as its client saw it. */
  static final class Sub {
    final int ticks;
    volatile String id;
    volatile String job;
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile long resultAtNanos;

    Sub(int ticks) {
      this.ticks = ticks;
    }

    boolean done() {
      return resultAtNanos != 0;
    }
  }

  private final List<WsClient> clients = new ArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final Sub[] byRef;
  private final Map<String, Sub> bySub = new ConcurrentHashMap<>();
  private final Map<String, Sub> byJob = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> early = new ConcurrentHashMap<>();
  final List<JsonNode> errors = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Subscribers(int count) {
    byRef = new Sub[count];
  }

  /** Opens {@code count / perClient} connections and subscribes {@code count} ping jobs. */
  static Subscribers subscribe(String url, int count, int perClient, int intervalMs)
      throws InterruptedException, TimeoutException {
    var subscribers = new Subscribers(count);
    for (int c = 0; c * perClient < count; c++) {
      WsClient client = WsClient.connect(url);
      client.next("welcome", java.time.Duration.ofSeconds(30));
      subscribers.clients.add(client);
      subscribers.readers.add(
          Thread.ofPlatform()
              .name("chaos-client-" + c)
              .daemon()
              .start(() -> subscribers.read(client)));
    }
    for (int i = 0; i < count; i++) {
      subscribers.byRef[i] = new Sub(1 + i % 2);
      subscribers
          .clients
          .get(i / perClient)
          .send(
              "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":%d,\"interval_ms\":%d}}"
                  .formatted(i, 1 + i % 2, intervalMs));
    }
    return subscribers;
  }

  private void read(WsClient client) {
    while (!closed) {
      JsonNode frame;
      try {
        frame = client.next(java.time.Duration.ofMillis(500));
      } catch (TimeoutException e) {
        continue;
      } catch (InterruptedException e) {
        return;
      }
      switch (frame.path("op").asText()) {
        case "subscribed" -> attach(frame);
        case "progress", "result", "failed", "event" -> record(frame);
        case "error" -> errors.add(frame);
        default -> {}
      }
    }
  }

  private synchronized void attach(JsonNode frame) {
    Sub sub = byRef[frame.path("ref").asInt()];
    sub.id = frame.path("sub").asText();
    sub.job = frame.path("job").asText();
    byJob.put(sub.job, sub);
    bySub.put(sub.id, sub);
    for (JsonNode before : early.getOrDefault(sub.id, List.of())) {
      add(sub, before);
    }
    early.remove(sub.id);
  }

  private synchronized void record(JsonNode frame) {
    String id = frame.path("sub").asText();
    Sub sub = bySub.get(id);
    if (sub == null) {
      early.computeIfAbsent(id, k -> new ArrayList<>()).add(frame); // before its "subscribed"
    } else {
      add(sub, frame);
    }
  }

  private static void add(Sub sub, JsonNode frame) {
    sub.frames.add(frame);
    if (!"progress".equals(frame.path("op").asText())) {
      sub.resultAtNanos = System.nanoTime();
    }
  }

  int subscribed() {
    return bySub.size();
  }

  long finished() {
    return bySub.values().stream().filter(Sub::done).count();
  }

  Collection<Sub> all() {
    return bySub.values();
  }

  /** The subscription of a job, or null when it is not ours. */
  Sub ofJob(String job) {
    return byJob.get(job);
  }

  /**
   * What a client must never see: a gap or repeat in seq, a frame after the result, a failure, or
   * the wrong number of ticks. Returns one line per broken subscription; adds the frames shown
   * beyond the expected ones to {@code duplicatesShown[0]}.
   */
  List<String> violations(int[] duplicatesShown) {
    List<String> broken = new ArrayList<>();
    for (Sub sub : bySub.values()) {
      List<String> seen = new ArrayList<>();
      for (JsonNode frame : sub.frames) {
        seen.add(frame.path("op").asText() + ":" + frame.path("seq").asLong());
      }
      duplicatesShown[0] += Math.max(0, seen.size() - (sub.ticks + 1));
      List<String> wanted = new ArrayList<>();
      for (int t = 1; t <= sub.ticks; t++) {
        wanted.add("progress:" + t);
      }
      wanted.add("result:" + (sub.ticks + 1));
      if (!seen.equals(wanted)) {
        broken.add("sub=" + sub.id + " job=" + sub.job + " saw " + seen + " wanted " + wanted);
      }
    }
    return broken;
  }

  @Override
  public void close() {
    closed = true;
    clients.forEach(WsClient::close);
    readers.forEach(Thread::interrupt);
  }
}
