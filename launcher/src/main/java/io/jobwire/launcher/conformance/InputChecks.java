package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;

/** Input a worker cannot use harms nothing: it says so, or ignores it, and serves on. */
final class InputChecks {
  /** Far deeper than any parser allows by default, and than a front end accepts. */
  static final int DEPTH = 5000;

  private InputChecks() {}

  /**
   * A job nested {@value #DEPTH} deep (the kit sends it itself: no front end accepts one), then a
   * frame that is not JSON. The first must be answered {@code fail bad_request, retry:false}; the
   * second ignored; the worker keeps its connection and serves the next job.
   */
  static String deepParams(Session s) throws Exception {
    s.awaitIdle();
    int mark = s.traffic.mark();
    Seen beat = s.await(mark, f -> f.is(Channel.WORKER, "heartbeat"), "a heartbeat");
    String conn = beat.conn();
    String deep = "conformance-deep-" + System.nanoTime();
    String params = "{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH);
    long sent = s.tap.millis();
    s.tap.inject(conn, deep, Session.jobFrame(deep, "upper", params));
    Seen fail =
        s.await(
            mark,
            f -> f.is(Channel.WORKER, "fail") && deep.equals(f.job()),
            "fail for a job nested "
                + DEPTH
                + " deep (sent at +"
                + sent
                + " ms): answer a job you cannot decode with fail bad_request, retry:false,"
                + " instead of crashing or ignoring it");
    JsonNode m = fail.message();
    expect(
        "bad_request".equals(m.path("error").path("code").asText())
            && m.path("retry").isBoolean()
            && !m.path("retry").asBoolean(),
        "a job the worker cannot decode must fail with code bad_request, retry:false; it sent "
            + fail);
    int garbage = s.traffic.mark();
    s.tap.inject(conn, null, "{\"type\":\"job\",\"job\":{\"id\":\"conformance-truncated\"");
    s.tap.inject(conn, null, "not json at all");
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("upper", "{\"text\":\"still here\"}", s.timeout);
      JsonNode got = client.next(sub.sub(), s.timeout);
      expect(
          "result".equals(got.path("op").asText()),
          "after a frame that is not JSON the worker must ignore it and serve on; the next job got "
              + got);
    }
    expect(
        s.traffic.matching(garbage, f -> f.is(Channel.WORKER, "ready")).isEmpty()
            && (s.process == null || s.process.isAlive()),
        "the worker must ignore a frame it cannot parse, not restart or reconnect over it");
    return "nested job failed bad_request retry:false "
        + (fail.atMillis() - sent)
        + " ms after it was sent; frames that are not JSON ignored; served on";
  }
}
