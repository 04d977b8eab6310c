package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.JobStatus;
import io.jobwire.launcher.conformance.Seen.Channel;
import io.jobwire.protocol.JobState;
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
              "heartbeat without the cancelled job");
      int quiet = s.traffic.all().indexOf(dropped) + 1;
      s.await(quiet, f -> f.is(Channel.WORKER, "heartbeat"), "another heartbeat");
      List<Seen> reported =
          s.traffic.matching(
              after,
              f ->
                  sub.job().equals(f.job())
                      && (f.is(Channel.WORKER, "done") || f.is(Channel.WORKER, "fail")));
      expect(reported.isEmpty(), "after cancel the worker still sent " + reported);
      List<Seen> pushed =
          s.traffic.matching(quiet, f -> f.channel() == Channel.PUSH && sub.job().equals(f.job()));
      expect(pushed.isEmpty(), "the worker kept pushing after it dropped the job: " + pushed);
      return "cancel received; job left out of the next heartbeat after "
          + (dropped.atMillis() - cancel.atMillis())
          + " ms; no done, fail or push after";
    }
  }
}
