package io.jobwire.launcher.jobs;

import io.jobwire.launcher.admin.ScheduleTable;
import io.jobwire.queue.MonitorSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** {@code jobwire status} as tables for a terminal. */
final class StatusText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusText() {}

  static String of(MonitorSnapshot s, String redisUri) {
    var t = s.totals();
    var out = new StringBuilder();
    out.append("jobwire status  ")
        .append(redisUri)
        .append("  ")
        .append(TIME.format(Instant.ofEpochMilli(System.currentTimeMillis())))
        .append("\n\n");
    out.append(
        "workers  total %d  idle %d  busy %d%n"
            .formatted(s.workers().size(), s.workersIdle(), s.workersBusy()));
    out.append(
        "jobs     queued %d  in flight %d  delayed %d  dead %d  enqueued ever %d%n%n"
            .formatted(t.queued(), t.running(), t.delayed(), t.dead(), s.enqueued()));
    out.append(
        "%-20s %8s %8s %9s %6s%n".formatted("QUEUE", "QUEUED", "DELAYED", "IN FLIGHT", "DEAD"));
    var unserved = s.unservedTopics();
    for (var q : s.queues()) {
      out.append(
          "%-20s %8d %8d %9d %6d%s%n"
              .formatted(
                  q.topic(),
                  q.queued(),
                  q.delayed(),
                  q.running(),
                  q.dead(),
                  unserved.contains(q.topic()) ? "  no worker serves it" : ""));
    }
    if (!unserved.isEmpty()) {
      out.append(
          "queued but served by no live worker: %s (they wait for one; check the topic name)%n"
              .formatted(String.join(", ", unserved)));
    }
    if (!s.paused().isEmpty()) {
      out.append(
          "paused: %s (their jobs wait; jobwire topic resume NAME)%n"
              .formatted(String.join(", ", s.paused())));
    }
    if (!s.schedules().isEmpty()) {
      out.append('\n').append(ScheduleTable.of(s.schedules()));
    }
    limits(s, out);
    Map<String, String> endpoints = new HashMap<>();
    s.brokers().forEach(b -> endpoints.put(b.id(), b.endpoint()));
    // TOPICS last: a long list runs on to the right instead of shifting the other columns
    out.append(
        "\n%-28s %8s %5s %-12s %-24s %s%n"
            .formatted("WORKER", "CAPACITY", "BUSY", "LAST HEARD", "BROKER", "TOPICS"));
    for (var w : s.workers()) {
      out.append(
          "%-28s %8d %5d %-12s %-24s %s%n"
              .formatted(
                  w.id(),
                  w.capacity(),
                  w.busy(),
                  ago(w.lastSeen()),
                  endpoints.getOrDefault(w.broker(), w.broker()),
                  String.join(",", w.topics())));
    }
    out.append(
        "\n%-28s %11s %13s  %-12s %s%n"
            .formatted("FRONT END", "CONNECTIONS", "SUBSCRIPTIONS", "LAST HEARD", "REPLY_TO"));
    for (var f :
        s.frontends().stream()
            .sorted(Comparator.comparing(MonitorSnapshot.FrontendInfo::id))
            .toList()) {
      out.append(
          "%-28s %11d %13d  %-12s %s%n"
              .formatted(
                  f.id(), f.connections(), f.subscriptions(), ago(f.updated()), f.replyTo()));
    }
    out.append(
        "\n%-28s %7s %8s %9s %7s  %-12s %s%n"
            .formatted(
                "BROKER", "WORKERS", "STARTED", "SUCCEEDED", "FAILED", "LAST HEARD", "PROCESS"));
    for (var b :
        s.brokers().stream()
            .sorted(Comparator.comparing(MonitorSnapshot.BrokerInfo::endpoint))
            .toList()) {
      out.append(
          "%-28s %7d %8d %9d %7d  %-12s %s%n"
              .formatted(
                  b.endpoint(),
                  b.workers(),
                  b.assigned(),
                  b.succeeded(),
                  b.failed(),
                  ago(b.updated()),
                  b.id().replace("/" + b.endpoint(), "")));
    }
    if (!s.failures().isEmpty()) {
      out.append("\n%-26s %-12s %-8s %s%n".formatted("RECENT FAILURE", "TOPIC", "STATE", "ERROR"));
      for (var f : s.failures()) {
        out.append(
            "%-26s %-12s %-8s %s: %s%n"
                .formatted(f.job(), f.topic(), f.state(), f.code(), f.message()));
      }
    }
    return out.toString();
  }

  /** The topics with flow limits (0 = none), if any. */
  private static void limits(MonitorSnapshot s, StringBuilder out) {
    if (s.limits().isEmpty()) {
      return;
    }
    out.append(
        "\n%-20s %11s %11s %20s %10s%n"
            .formatted("LIMITS", "RUNNING", "MAX RUNNING", "MAX RUNNING PER USER", "RATE"));
    for (var l : s.limits()) {
      out.append(
          "%-20s %11d %11s %20s %10s%n"
              .formatted(
                  l.topic(),
                  l.running(),
                  l.maxRunning() == 0 ? "-" : Integer.toString(l.maxRunning()),
                  l.maxRunningPerUser() == 0 ? "-" : Integer.toString(l.maxRunningPerUser()),
                  l.rate().equals("none") ? "-" : l.rate()));
    }
  }

  private static String ago(long epochMillis) {
    return "%.1f s ago".formatted(Math.max(0, System.currentTimeMillis() - epochMillis) / 1000.0);
  }
}
