package io.jobwire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client whose {@code ping} subscriptions outlive its connection, as a page does:
 * {@link #reconnect} opens a new connection (to any front end) and resumes every unfinished
 * subscription after the last seq it saw. Records every frame to check for gaps and duplicates.
 */
final class ResumingClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** One subscription as this client saw it, across connections. */
  static final class Sub {
    final int ticks;
    volatile String id;
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();

    Sub(int ticks) {
      this.ticks = ticks;
    }

    long lastSeq() {
      return frames.isEmpty() ? 0 : frames.getLast().path("seq").asLong();
    }

    /** It was shown its job's end: a {@code result} or {@code failed} (an {@code event} is not). */
    boolean done() {
      return frames.stream()
          .map(f -> f.path("op").asText())
          .anyMatch(op -> op.equals("result") || op.equals("failed"));
    }
  }

  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private final Map<String, Sub> bySub = new ConcurrentHashMap<>();
  final List<JsonNode> errors = new CopyOnWriteArrayList<>();
  final List<JsonNode> gaps = new CopyOnWriteArrayList<>();
  private volatile WsClient client;
  private volatile Thread reader;
  private volatile long firstFrameAfterResumeNanos;
  private volatile boolean reconnected;
  private volatile long reattachedNanos;

  static ResumingClient connect(String url) throws InterruptedException, TimeoutException {
    var c = new ResumingClient();
    c.open(url);
    return c;
  }

  /** Subscribes {@code ping} with {@code count} ticks of {@code intervalMs}; waits for its sub. */
  Sub subscribe(int count, int intervalMs) {
    var sub = new Sub(count);
    subs.add(sub);
    client.send(
        "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":%d,\"interval_ms\":%d}}"
            .formatted(subs.size() - 1, count, intervalMs));
    return sub;
  }

  /**
   * Drops the connection (if it still stands), connects to {@code url} and resumes every unfinished
   * subscription after its last seq.
   */
  void reconnect(String url) throws InterruptedException, TimeoutException {
    firstFrameAfterResumeNanos = 0;
    reattachedNanos = 0;
    reconnected = true;
    client.close();
    reader.interrupt();
    reader.join();
    open(url);
    for (Sub sub : subs) {
      if (!sub.done()) {
        client.send(
            "{\"op\":\"subscribe\",\"ref\":%d,\"resume\":{\"sub\":\"%s\",\"after\":%d}}"
                .formatted(subs.indexOf(sub), sub.id, sub.lastSeq()));
      }
    }
  }

  /** System.nanoTime() of the first delivery after the last reconnect, 0 before it. */
  long firstFrameAfterResumeNanos() {
    return firstFrameAfterResumeNanos;
  }

  /** When the last {@code subscribed} answering a resume arrived (0: none yet). */
  long reattachedNanos() {
    return reattachedNanos;
  }

  List<Sub> subs() {
    return subs;
  }

  boolean allSubscribed() {
    return subs.stream().allMatch(s -> s.id != null);
  }

  boolean allDone() {
    return subs.stream().allMatch(Sub::done);
  }

  /**
   * Subscriptions that did not see exactly progress 1..n then result n+1: one line each. Adds the
   * frames shown beyond those to {@code duplicatesShown[0]}.
   */
  List<String> violations(int[] duplicatesShown) {
    List<String> broken = new ArrayList<>();
    for (Sub sub : subs) {
      List<String> seen = new ArrayList<>();
      sub.frames.forEach(f -> seen.add(f.path("op").asText() + ":" + f.path("seq").asLong()));
      duplicatesShown[0] += Math.max(0, seen.size() - (sub.ticks + 1));
      List<String> wanted = new ArrayList<>();
      for (int t = 1; t <= sub.ticks; t++) {
        wanted.add("progress:" + t);
      }
      wanted.add("result:" + (sub.ticks + 1));
      if (!seen.equals(wanted)) {
        broken.add("sub=" + sub.id + " saw " + seen + " wanted " + wanted);
      }
    }
    return broken;
  }

  private void open(String url) throws InterruptedException, TimeoutException {
    WsClient next = WsClient.connect(url);
    next.next("welcome", WAIT);
    client = next;
    reader = Thread.ofPlatform().name("resuming-client").daemon().start(() -> read(next));
  }

  private void read(WsClient from) {
    while (!Thread.currentThread().isInterrupted()) {
      JsonNode frame;
      try {
        frame = from.next(Duration.ofMillis(200));
      } catch (TimeoutException e) {
        continue;
      } catch (InterruptedException e) {
        return;
      }
      switch (frame.path("op").asText()) {
        case "subscribed" -> {
          Sub sub = subs.get(frame.path("ref").asInt());
          sub.id = frame.path("sub").asText();
          bySub.put(sub.id, sub);
          if (reconnected) {
            reattachedNanos = System.nanoTime();
          }
        }
        case "progress", "result", "failed", "event" -> {
          if (firstFrameAfterResumeNanos == 0) {
            firstFrameAfterResumeNanos = System.nanoTime();
          }
          Sub sub = bySub.get(frame.path("sub").asText());
          if (sub != null) {
            sub.frames.add(frame);
          }
        }
        case "gap" -> gaps.add(frame);
        case "error" -> errors.add(frame);
        default -> {}
      }
    }
  }

  @Override
  public void close() {
    client.close();
    reader.interrupt();
  }
}
