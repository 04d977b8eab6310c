package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobStatus;
import java.util.List;

/** Jobs that do not end with a result: fail with retry, fail for good, cancel. */
final class FailureChecks {
  private FailureChecks() {}

  static String failThenRetry(Session s) throws Exception {
    int mark = s.traffic.mark();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("fail", "{\"retry\":true,\"succeed_on\":2}", s.timeout);
      Seen fail = s.await(mark, Channel.WORKER, "fail", sub.job(), "fail for " + sub.job());
      expect(
          fail.message().path("retry").asBoolean(false), "fail must say retry:true: " + fail.raw());
      expect(
          !fail.message().path("error").path("code").asText().isBlank(),
          "fail needs error.code: " + fail.raw());
      s.await(
          mark,
          f ->
              f.is(Channel.BROKER, "job")
                  && sub.job().equals(f.job())
                  && f.message().path("job").path("attempt").asInt() == 2,
          "re-delivery with attempt 2");
      JsonNode got = client.next(sub.sub(), s.timeout);
      expect(
          "result".equals(got.path("op").asText()) && got.path("data").path("attempt").asInt() == 2,
          "the client got " + got + ", expected a result {\"attempt\":2}");
      s.await(mark, Channel.WORKER, "done", sub.job(), "done after the retry");
      return "fail retry:true code="
          + fail.message().path("error").path("code").asText()
          + ", re-run as attempt 2, result "
          + got.path("data");
    }
  }

  static String failForGood(Session s) throws Exception {
    int mark = s.traffic.mark();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("fail", "{\"retry\":false}", s.timeout);
      Seen fail = s.await(mark, Channel.WORKER, "fail", sub.job(), "fail for " + sub.job());
      expect(
          fail.message().path("retry").isBoolean() && !fail.message().path("retry").asBoolean(),
          "fail must say retry:false: " + fail.raw());
      JsonNode got = client.next(sub.sub(), s.timeout);
      expect(
          "failed".equals(got.path("op").asText())
              && "requested".equals(got.path("error").path("code").asText()),
          "the client got " + got + ", expected failed with code requested");
      JobStatus status = s.stack.queue().status(sub.job()).orElseThrow();
      expect(
          status.state() == JobState.DEAD && status.attempts() == 1,
          "job is "
              + status.state()
              + " after "
              + status.attempts()
              + " attempts, expected dead after 1");
      return "fail retry:false, job dead after 1 attempt, client got failed code=requested";
    }
  }

  /**
   * Progress already pushed can cross a cancel: the worker's PUSH and DEALER are two sockets, and
   * the kit sees their frames in the order they arrive, not the order they were sent. What the
   * worker knew is shown by its heartbeat without the job: pushes that arrive more than this after
   * that heartbeat were sent after the worker had dropped the job.
   */
  static final long IN_FLIGHT_MILLIS = 500;

  static String cancel(Session s) throws Exception {
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("count", "{\"n\":100000,\"interval_ms\":50}", s.timeout);
      JsonNode frame;
      do {
        frame = client.next(sub.sub(), s.timeout);
        expect("progress".equals(frame.path("op").asText()), "expected progress, got " + frame);
      } while (frame.path("seq").asInt() < 2);
      int mark = s.traffic.mark();
      client.unsubscribe(sub.sub(), s.timeout);
      Seen cancel = s.await(mark, Channel.BROKER, "cancel", sub.job(), "cancel from the broker");
      int after = s.traffic.all().indexOf(cancel);
      Seen dropped =
          s.await(
              after,
              f ->
                  f.is(Channel.WORKER, "heartbeat")
                      && !f.message().path("running").toString().contains(sub.job()),
              "heartbeat without the cancelled job (seen cancel at " + Session.at(cancel) + ")");
      int quiet = s.traffic.all().indexOf(dropped) + 1;
      Seen next = s.await(quiet, f -> f.is(Channel.WORKER, "heartbeat"), "another heartbeat");
      s.await(
          quiet,
          f -> f.atMillis() > dropped.atMillis() + IN_FLIGHT_MILLIS,
          java.time.Duration.ofMillis(IN_FLIGHT_MILLIS + 1000),
          "traffic after the in-flight allowance");
      String when =
          "cancel seen at "
              + Session.at(cancel)
              + ", the heartbeat that dropped the job at "
              + Session.at(dropped);
      List<Seen> reported =
          s.traffic.matching(
              after,
              f ->
                  sub.job().equals(f.job())
                      && (f.is(Channel.WORKER, "done") || f.is(Channel.WORKER, "fail")));
      expect(
          reported.isEmpty(),
          "after cancel the worker must send nothing for the job; it sent "
              + reported
              + " ("
              + when
              + ")");
      List<Seen> pushed =
          s.traffic.matching(
              quiet,
              f ->
                  f.channel() == Channel.PUSH
                      && sub.job().equals(f.job())
                      && f.atMillis() > dropped.atMillis() + IN_FLIGHT_MILLIS);
      expect(
          pushed.isEmpty(),
          "the worker must stop pushing once it drops a cancelled job; "
              + pushed.size()
              + " push(es) arrived more than "
              + IN_FLIGHT_MILLIS
              + " ms after the heartbeat that dropped it, the first "
              + (pushed.isEmpty() ? "" : pushed.get(0))
              + " ("
              + when
              + ", next heartbeat at "
              + Session.at(next)
              + ")");
      return "cancel received; job left out of the next heartbeat after "
          + (dropped.atMillis() - cancel.atMillis())
          + " ms; no done, fail or push after";
    }
  }

  static String deadline(Session s) throws Exception {
    s.awaitIdle();
    int mark = s.traffic.mark();
    long deadline = System.currentTimeMillis() + 1500;
    var route = io.jobwire.protocol.Codec.mapper().createObjectNode();
    route.put("sub", "conformance-deadline").put("fe", s.stack.frontend().frontendId());
    String job =
        s.stack
            .queue()
            .enqueue(
                new io.jobwire.queue.JobRequest(
                    "count",
                    io.jobwire.protocol.Codec.parse("{\"n\":100000,\"interval_ms\":100}"),
                    null,
                    s.tap.ingressEndpoint(),
                    route,
                    3,
                    deadline));
    long deadlineAt = s.tap.millis() + (deadline - System.currentTimeMillis());
    s.await(mark, Channel.BROKER, "job", job, "the job with a deadline");
    Seen fail =
        s.await(
            mark,
            f -> f.is(Channel.WORKER, "fail") && job.equals(f.job()),
            s.timeout,
            "fail for the job whose deadline passed (deadline at about +" + deadlineAt + " ms)");
    JsonNode m = fail.message();
    expect(
        "timeout".equals(m.path("error").path("code").asText())
            && m.path("retry").isBoolean()
            && !m.path("retry").asBoolean(),
        "at its deadline the worker must fail the job with code timeout, retry:false; it sent "
            + fail);
    List<Seen> cancels =
        s.traffic.matching(mark, f -> f.is(Channel.BROKER, "cancel") && job.equals(f.job()));
    expect(
        cancels.isEmpty() || cancels.get(0).atMillis() >= fail.atMillis(),
        "the worker must fail the job itself when its deadline passes; the broker cancelled it first"
            + " at "
            + (cancels.isEmpty() ? "" : Session.at(cancels.get(0)))
            + ", the worker's fail came at "
            + Session.at(fail));
    s.await(
        mark,
        f -> f.atMillis() > fail.atMillis() + IN_FLIGHT_MILLIS,
        java.time.Duration.ofMillis(IN_FLIGHT_MILLIS + 1500),
        "traffic after the in-flight allowance");
    List<Seen> late =
        s.traffic.matching(
            mark,
            f ->
                f.channel() == Channel.PUSH
                    && job.equals(f.job())
                    && f.atMillis() > fail.atMillis() + IN_FLIGHT_MILLIS);
    expect(
        late.isEmpty(),
        "after failing a job the worker must push nothing more for it; "
            + late.size()
            + " push(es) arrived after the fail at "
            + Session.at(fail)
            + ", the first "
            + (late.isEmpty() ? "" : late.get(0)));
    return "fail timeout retry:false "
        + (fail.atMillis() - deadlineAt)
        + " ms after the deadline (at "
        + Session.at(fail)
        + "), nothing pushed after";
  }
}
