package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * One job run over WebSocket for {@code jobwire run}, on the caller's thread: subscribes, hands
 * each delivery to a {@link Listener} exactly once (by the subscription's {@code seq}), and across
 * a dropped connection reconnects with backoff and jitter, authenticates again with a fresh
 * credential and resumes after the last seq it delivered. {@link #cancel} (from any thread)
 * unsubscribes, which cancels the job.
 */
public final class JobRun {
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
  static final long INITIAL_BACKOFF_MS = 250;
  static final long MAX_BACKOFF_MS = 5000;

  /** What {@link #run} ended with: {@code result}, {@code failed} or {@code error} (a frame). */
  public record Outcome(String op, JsonNode frame) {}

  /** Where deliveries and connection news go; called on the thread running {@link #run}. */
  public interface Listener {
    void subscribed(JsonNode frame);

    void delivered(JsonNode frame);

    void gap(long from, long to);

    void reconnecting(String why, long delayMs);

    /** A {@code notice} frame: news about the subscription, e.g. no worker serves its topic. */
    default void notice(JsonNode frame) {}
  }

  private final String url;
  private final SSLContext tls;
  private final Supplier<String> credential;
  private final ObjectNode subscribe;
  private final Listener listener;
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile WsClient socket;
  private volatile String sub;
  private long lastSeq;
  private int nextRef = 1;

  /** {@code credential} returns a token or JWT for each connection; null for none. */
  public JobRun(
      String url,
      SSLContext tls,
      Supplier<String> credential,
      String topic,
      ObjectNode params,
      Listener listener) {
    this.url = url;
    this.tls = tls;
    this.credential = credential;
    this.subscribe = Codec.mapper().createObjectNode().put("op", "subscribe").put("topic", topic);
    this.subscribe.set("params", params);
    this.listener = listener;
  }

  /** Runs the job to its end; an outcome {@code cancelled} after {@link #cancel}. */
  public Outcome run() throws InterruptedException {
    try {
      long lostSince = System.nanoTime();
      for (int attempt = 0; ; attempt++) {
        String why;
        try (WsClient ws = WsClient.connect(url, tls)) {
          socket = ws;
          Outcome outcome = session(ws);
          if (outcome != null) {
            return outcome;
          }
          why = "the connection dropped";
          attempt = 0;
          lostSince = System.nanoTime();
        } catch (TimeoutException e) {
          why = e.getMessage();
        } catch (RuntimeException e) {
          if (sub == null && attempt == 0) {
            return error("unavailable", "cannot connect to " + url + ": " + rootMessage(e));
          }
          why = "cannot connect: " + rootMessage(e);
        } finally {
          socket = null;
        }
        if (cancelled.getCount() == 0) {
          return new Outcome("cancelled", null);
        }
        if (System.nanoTime() - lostSince > GIVE_UP_AFTER.toNanos()) {
          return error("unavailable", "no connection to " + url + " for " + GIVE_UP_AFTER);
        }
        long ceiling = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(attempt, 10));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        listener.reconnecting(why, delay);
        if (cancelled.await(delay, TimeUnit.MILLISECONDS)) {
          return new Outcome("cancelled", null);
        }
      }
    } finally {
      finished.countDown();
    }
  }

  /**
   * Unsubscribes and waits up to {@code wait} for the server to confirm (the job is cancelled then)
   * and for {@link #run} to return.
   */
  public void cancel(Duration wait) throws InterruptedException {
    cancelled.countDown();
    WsClient ws = socket;
    if (ws != null && sub != null) {
      ws.send(
          Codec.encode(
              Codec.mapper()
                  .createObjectNode()
                  .put("op", "unsubscribe")
                  .put("sub", sub)
                  .put("ref", "cancel")));
    }
    finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One connection: null when it dropped (try again), else how the run ended. */
  private Outcome session(WsClient ws) throws InterruptedException, TimeoutException {
    JsonNode welcome = ws.next(REPLY_TIMEOUT);
    if (!"welcome".equals(op(welcome))) {
      return WsClient.CLOSED.equals(op(welcome))
          ? null
          : error("internal", "no welcome: " + welcome);
    }
    if (credential != null) {
      JsonNode reply =
          request(
              ws,
              Codec.mapper().createObjectNode().put("op", "auth").put("token", credential.get()));
      if (reply == null || "error".equals(op(reply))) {
        return reply == null ? null : new Outcome("error", reply);
      }
    }
    ObjectNode request = subscribe;
    if (sub != null) {
      request = Codec.mapper().createObjectNode().put("op", "subscribe");
      request.putObject("resume").put("sub", sub).put("after", lastSeq);
    }
    JsonNode reply = request(ws, request);
    if (reply == null || "error".equals(op(reply))) {
      return reply == null ? null : new Outcome("error", reply);
    }
    sub = reply.path("sub").asText();
    listener.subscribed(reply);
    if (cancelled.getCount() == 0) {
      cancel(Duration.ZERO); // Ctrl-C while subscribing: now there is a sub to unsubscribe
    }
    while (true) {
      JsonNode frame = ws.next(Duration.ofDays(1));
      switch (op(frame)) {
        case WsClient.CLOSED -> {
          return null;
        }
        case "unsubscribed" -> {
          return new Outcome("cancelled", frame);
        }
        case "gap" -> {
          lastSeq = Math.max(lastSeq, frame.path("to").asLong());
          listener.gap(frame.path("from").asLong(), frame.path("to").asLong());
        }
        case "notice" -> listener.notice(frame);
        case "progress", "event", "result", "failed" -> {
          Outcome end = deliver(frame);
          if (end != null) {
            return end;
          }
        }
        default -> {}
      }
    }
  }

  private Outcome deliver(JsonNode frame) {
    long seq = frame.path("seq").asLong();
    if (seq <= lastSeq) {
      return null; // replayed and seen already
    }
    if (seq > lastSeq + 1) {
      listener.gap(lastSeq + 1, seq - 1);
    }
    lastSeq = seq;
    listener.delivered(frame);
    String op = op(frame);
    return op.equals("result") || op.equals("failed") ? new Outcome(op, frame) : null;
  }

  /** Sends {@code message} with a fresh ref; its reply, or null when the connection dropped. */
  private JsonNode request(WsClient ws, ObjectNode message)
      throws InterruptedException, TimeoutException {
    int ref = nextRef++;
    ws.send(Codec.encode(message.deepCopy().put("ref", ref)));
    JsonNode reply =
        ws.next(
            f -> f.path("ref").asInt(-1) == ref || WsClient.CLOSED.equals(op(f)), REPLY_TIMEOUT);
    return WsClient.CLOSED.equals(op(reply)) ? null : reply;
  }

  private static Outcome error(String code, String message) {
    return new Outcome(
        "error",
        Codec.mapper()
            .createObjectNode()
            .put("op", "error")
            .put("code", code)
            .put("message", message));
  }

  private static String op(JsonNode frame) {
    return frame.path("op").asText();
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
