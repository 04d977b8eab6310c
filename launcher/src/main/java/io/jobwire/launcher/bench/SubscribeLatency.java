package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * No-op subscriptions at a steady rate over WebSocket, each timed from its <em>intended</em> send
 * time (no coordinated omission), with the floor: {@code ping} round trips on the same connections
 * in the same run, sent halfway between two subscribes (as many as the subscribes up to 20/s).
 *
 * <p>The split at the handler uses the worker's {@code System.nanoTime()}: on Linux every process
 * reads the same monotonic clock, so it holds in the production layout too.
 */
final class SubscribeLatency {
  /** Pings per second at most. */
  static final int MAX_PING_RATE = 20;

  /** Pong refs start here, far above any subscribe's ref. */
  private static final long PING_REF = 1_000_000_000L;

  /** What one rate measured, in nanoseconds. */
  record Result(
      int rate,
      Histogram toResult,
      Histogram fromActualSend,
      Histogram toSubscribed,
      Histogram toHandler,
      Histogram fromHandler,
      Histogram ping,
      Map<String, Double> switchesPerJob) {

    /** Adds every figure under {@code "RATE/s "}. */
    void report(Report report) {
      String at = rate + "/s ";
      report.latencies(at + "ping round trip (floor)", ping);
      report.latencies(at + "subscribe->subscribed", toSubscribed);
      report.latencies(at + "subscribe->result", toResult);
      report.brief(at + "subscribe->result from actual send", fromActualSend);
      report.brief(at + "  part: sent->worker runs handler", toHandler);
      report.brief(at + "  part: handler->client has result", fromHandler);
      double ping50 = ping.getValueAtPercentile(50);
      report.figure(
          at + "subscribed p50 / ping p50", toSubscribed.getValueAtPercentile(50) / ping50, "x");
      report.figure(at + "result p50 / ping p50", toResult.getValueAtPercentile(50) / ping50, "x");
      switchesPerJob.forEach(
          (part, perJob) -> report.figure(at + "context switches per job, " + part, perJob, ""));
    }
  }

  private SubscribeLatency() {}

  static Result measure(
      BenchStack bench, int rate, int warmup, int duration, int connections, Progress progress)
      throws Exception {
    long max = TimeUnit.MINUTES.toNanos(1);
    var result = new ConcurrentHistogram(max, 3);
    var actual = new ConcurrentHistogram(max, 3);
    var subscribed = new ConcurrentHistogram(max, 3);
    var toHandler = new ConcurrentHistogram(max, 3);
    var fromHandler = new ConcurrentHistogram(max, 3);
    var ping = new ConcurrentHistogram(max, 3);
    var results = new LongAdder();
    int total = rate * (warmup + duration);
    long period = 1_000_000_000L / rate;
    int pingEvery = Math.max(1, rate / MAX_PING_RATE);
    var pingSent = new AtomicLongArray(total / pingEvery + 1);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    List<WsClient> sockets = new ArrayList<>();
    int firstMeasured = rate * warmup;
    Map<String, Long> switchesBefore = Map.of();
    try {
      for (int c = 0; c < connections; c++) {
        sockets.add(
            WsClient.to(bench.webSocketUrl())
                .onText(
                    frame -> {
                      long now = System.nanoTime();
                      if (Frames.is(frame, "result")) {
                        long intended = Frames.longField(frame, "t");
                        if (intended >= measureFrom) {
                          result.recordValue(Math.max(0, now - intended));
                          long sent = Frames.longField(frame, "s");
                          long ran = Frames.longField(frame, "w");
                          actual.recordValue(Math.max(0, now - sent));
                          toHandler.recordValue(Math.max(0, ran - sent));
                          fromHandler.recordValue(Math.max(0, now - ran));
                        }
                        results.increment();
                      } else if (Frames.is(frame, "subscribed")) {
                        long intended = start + Frames.longField(frame, "ref") * period;
                        if (intended >= measureFrom) {
                          subscribed.recordValue(Math.max(0, now - intended));
                        }
                      } else if (Frames.is(frame, "pong")) {
                        long intended =
                            pingSent.get((int) (Frames.longField(frame, "ref") - PING_REF));
                        if (intended >= measureFrom) {
                          ping.recordValue(Math.max(0, now - intended));
                        }
                      }
                    })
                .connect());
      }
      progress.show(() -> String.format("%,d/s: %,d/%,d results", rate, results.sum(), total));
      for (int i = 0; i < total; i++) {
        long intended = start + i * period;
        if (i == firstMeasured) {
          switchesBefore = bench.contextSwitches(); // ~ a period early: /proc reads take time
        }
        Pacer.awaitUntil(intended);
        WsClient socket = sockets.get(i % connections);
        socket.send(
            "{\"op\":\"subscribe\",\"ref\":"
                + i
                + ",\"topic\":\""
                + BenchWorker.ECHO
                + "\",\"params\":{\"t\":"
                + intended
                + ",\"s\":"
                + System.nanoTime()
                + "}}");
        if (i % pingEvery == 0) {
          long pingAt = intended + period / 2;
          Pacer.awaitUntil(pingAt);
          pingSent.set(i / pingEvery, pingAt);
          socket.send("{\"op\":\"ping\",\"ref\":" + (PING_REF + i / pingEvery) + "}");
        }
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (results.sum() < total && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      if (results.sum() < total) {
        throw new IllegalStateException(
            "only " + results.sum() + " of " + total + " results arrived");
      }
      Map<String, Double> switchesPerJob = new LinkedHashMap<>();
      Map<String, Long> switchesAfter = bench.contextSwitches();
      for (var before : switchesBefore.entrySet()) {
        Long after = switchesAfter.get(before.getKey());
        if (after != null) {
          switchesPerJob.put(
              before.getKey(), (after - before.getValue()) / (double) (total - firstMeasured));
        }
      }
      return new Result(
          rate, result, actual, subscribed, toHandler, fromHandler, ping, switchesPerJob);
    } finally {
      sockets.forEach(WsClient::close);
    }
  }
}
