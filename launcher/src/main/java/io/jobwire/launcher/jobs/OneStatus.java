package io.jobwire.launcher.jobs;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.QueueUnavailableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jobwire status ID}: one job's record, or one batch's totals, as text or JSON; with a
 * refresh interval it prints again until the job or batch is over.
 */
final class OneStatus {
  private final JobQueue queue;
  private final boolean json;
  private final PrintWriter out;
  private final PrintWriter err;

  OneStatus(JobQueue queue, boolean json, PrintWriter out, PrintWriter err) {
    this.queue = queue;
    this.json = json;
    this.out = out;
    this.err = err;
  }

  /** Prints {@code id}'s state (again every {@code every} until over, when not null). */
  int show(String id, Duration every) throws InterruptedException {
    boolean batch = id.startsWith("b-");
    while (true) {
      Optional<Map<String, Object>> fields;
      try {
        fields =
            batch
                ? queue.batch(id).map(OneStatus::fields)
                : queue.status(id).map(OneStatus::fields);
      } catch (QueueUnavailableException e) {
        err.println("jobwire status: " + e.getMessage());
        err.flush();
        return 1;
      }
      if (fields.isEmpty()) {
        err.println(
            "jobwire status: "
                + (batch ? "batch " : "job ")
                + id
                + " is unknown (never queued, or its record expired)");
        err.flush();
        return 1;
      }
      Map<String, Object> f = fields.get();
      out.println(json ? Codec.encode(f) : text(f));
      out.flush();
      if (every == null || Boolean.TRUE.equals(f.get("over"))) {
        return 0;
      }
      Thread.sleep(every);
    }
  }

  static Map<String, Object> fields(JobStatus s) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("job", s.job());
    f.put("topic", s.topic());
    f.put("state", s.state().wire());
    f.put("over", s.state().isFinal());
    f.put("attempts", s.attempts());
    f.put("user", s.user());
    f.put("created_at", s.createdAt());
    f.put("updated_at", s.updatedAt());
    f.put("error", s.error());
    f.put("progress", s.progress());
    return f;
  }

  static Map<String, Object> fields(BatchStatus s) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("batch", s.batch());
    f.put("state", s.state());
    f.put("over", s.complete());
    f.put("total", s.total());
    f.put("done", s.finished());
    f.put("succeeded", s.succeeded());
    f.put("failed", s.failed());
    f.put("callback", s.callback());
    f.put("callback_state", s.callbackState());
    return f;
  }

  private static String text(Map<String, Object> f) {
    if (f.containsKey("batch")) {
      return "batch %s  %s  %d/%d done, %d succeeded, %d failed%s"
          .formatted(
              f.get("batch"),
              f.get("state"),
              f.get("done"),
              f.get("total"),
              f.get("succeeded"),
              f.get("failed"),
              f.get("callback") == null
                  ? ""
                  : "  callback "
                      + f.get("callback")
                      + " ("
                      + orDash(f.get("callback_state"))
                      + ")");
    }
    StringBuilder line =
        new StringBuilder(
            "job %s  topic %s  %s  attempts %d  created %s  updated %s"
                .formatted(
                    f.get("job"),
                    f.get("topic"),
                    f.get("state"),
                    f.get("attempts"),
                    Instant.ofEpochMilli((Long) f.get("created_at")),
                    Instant.ofEpochMilli((Long) f.get("updated_at"))));
    if (f.get("user") != null) {
      line.append("  user ").append(f.get("user"));
    }
    if (f.get("error") instanceof ErrorInfo e) {
      line.append("\n  error ").append(e.code()).append(": ").append(e.message());
    }
    if (f.get("progress") != null) {
      line.append("\n  progress ").append(Codec.encode(f.get("progress")));
    }
    return line.toString();
  }

  private static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }
}
