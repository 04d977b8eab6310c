package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import java.io.PrintWriter;

/**
 * What {@code jobwire run} prints: deliveries on stdout (a line each: {@code progress 1
 * {"tick":1}}, or the frame itself with {@code --json}), news and errors on stderr.
 */
public final class RunPrinter implements JobRun.Listener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  public RunPrinter(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  @Override
  public void subscribed(JsonNode frame) {
    note("subscribed sub=" + frame.path("sub").asText() + " job=" + frame.path("job").asText());
  }

  @Override
  public void delivered(JsonNode frame) {
    String op = frame.path("op").asText();
    if (op.equals("failed")) {
      return; // the outcome says it, on stderr
    }
    if (json) {
      out.println(Codec.encode(frame));
    } else if (op.equals("result")) {
      out.println("result " + Codec.encode(frame.path("data")));
    } else {
      out.println(op + " " + frame.path("seq").asLong() + " " + Codec.encode(frame.path("data")));
    }
    out.flush();
  }

  @Override
  public void gap(long from, long to) {
    if (json) {
      out.println(
          Codec.encode(
              Codec.mapper().createObjectNode().put("op", "gap").put("from", from).put("to", to)));
      out.flush();
    } else {
      note("missed seq " + from + "-" + to + ": no longer kept by the server");
    }
  }

  @Override
  public void notice(JsonNode frame) {
    if (json) {
      out.println(Codec.encode(frame));
      out.flush();
    } else {
      note(frame.path("code").asText() + ": " + frame.path("message").asText());
    }
  }

  @Override
  public void reconnecting(String why, long delayMs) {
    note(why + "; reconnecting in " + delayMs + " ms");
  }

  void outcome(JobRun.Outcome outcome) {
    switch (outcome.op()) {
      case "failed" -> {
        JsonNode error = outcome.frame().path("error");
        problem(
            outcome.frame(),
            "job "
                + outcome.frame().path("job").asText()
                + " failed: "
                + error.path("code").asText()
                + ": "
                + error.path("message").asText());
      }
      case "error" ->
          problem(
              outcome.frame(),
              outcome.frame().path("code").asText()
                  + ": "
                  + outcome.frame().path("message").asText());
      default -> {}
    }
  }

  void cancelled() {
    note("cancelled: unsubscribed, so the job is cancelled");
  }

  private void problem(JsonNode frame, String text) {
    err.println(json ? Codec.encode(frame) : "jobwire run: " + text);
    err.flush();
  }

  private void note(String text) {
    if (!json) {
      err.println("jobwire run: " + text);
      err.flush();
    }
  }
}
