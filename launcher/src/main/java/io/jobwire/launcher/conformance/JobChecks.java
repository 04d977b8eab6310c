package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A worker joins and runs jobs: ready, result and done, progress in order, capacity. */
final class JobChecks {
  static final Set<String> TOPICS = Set.of("upper", "count", "fail");

  private JobChecks() {}

  static String ready(Session s) throws Exception {
    Seen ready = s.await(0, f -> f.is(Channel.WORKER, "ready"), "ready");
    JsonNode m = ready.message();
    s.worker = m.path("worker").asText();
    s.conn = ready.conn();
    s.capacity = m.path("capacity").asInt(0);
    expect(!s.worker.isBlank(), "ready has no worker id: " + ready.raw());
    expect(m.path("capacity").isIntegralNumber() && s.capacity >= 1, "capacity must be >= 1");
    Set<String> topics = new TreeSet<>();
    m.path("topics").forEach(t -> topics.add(t.asText()));
    expect(topics.containsAll(TOPICS), "topics " + topics + " lack some of " + TOPICS);
    return "worker=" + s.worker + " topics=" + topics + " capacity=" + s.capacity;
  }

  static String resultThenDone(Session s) throws Exception {
    int mark = s.traffic.mark();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("upper", "{\"text\":\"abc\"}", s.timeout);
      JsonNode got = client.next(sub.sub(), s.timeout);
      expect(
          "result".equals(got.path("op").asText())
              && "ABC".equals(got.path("data").path("text").asText()),
          "the client got " + got + ", expected a result {\"text\":\"ABC\"}");
      Seen job = s.await(mark, Channel.BROKER, "job", sub.job(), "job delivery");
      Seen result = s.await(mark, Channel.PUSH, "result", sub.job(), "pushed result");
      expect(result.message().path("seq").asInt() == 1, "result seq must be 1: " + result.raw());
      expect(
          result.message().path("route").equals(job.message().path("job").path("route")),
          "route must be copied unchanged: " + result.raw());
      s.await(mark, Channel.WORKER, "done", sub.job(), "done for " + sub.job());
      return "result " + got.path("data") + " seq 1, route copied, then done";
    }
  }

  static String progressInOrder(Session s) throws Exception {
    int mark = s.traffic.mark();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("count", "{\"n\":3,\"interval_ms\":400}", s.timeout);
      List<String> got = new ArrayList<>();
      JsonNode frame;
      do {
        frame = client.next(sub.sub(), s.timeout);
        got.add(frame.path("op").asText() + frame.path("seq") + frame.path("data"));
      } while (got.size() < 4 && "progress".equals(frame.path("op").asText()));
      List<String> expected =
          List.of(
              "progress1{\"i\":1}", "progress2{\"i\":2}", "progress3{\"i\":3}", "result4{\"n\":3}");
      expect(got.equals(expected), "the client got " + got + ", expected " + expected);
      s.await(mark, Channel.WORKER, "done", sub.job(), "done for " + sub.job());
      List<Integer> seqs = new ArrayList<>();
      for (Seen push : s.traffic.matching(mark, f -> f.channel() == Channel.PUSH)) {
        if (sub.job().equals(push.job())) {
          seqs.add(push.message().path("seq").asInt());
        }
      }
      expect(seqs.equals(List.of(1, 2, 3, 4)), "worker seqs were " + seqs + ", expected 1..4");
      boolean listed =
          !s.traffic
              .matching(
                  mark,
                  f ->
                      f.is(Channel.WORKER, "heartbeat")
                          && f.message().path("running").toString().contains(sub.job()))
              .isEmpty();
      expect(listed, "no heartbeat listed the running job " + sub.job() + " in running");
      return "progress i=1..3 (seq 1..3), result seq 4, heartbeat listed the job";
    }
  }

  static String capacity(Session s) throws Exception {
    int mark = s.traffic.mark();
    int jobs = s.capacity + 2;
    try (Client client = s.client()) {
      List<Client.Sub> subs = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        subs.add(client.subscribe("count", "{\"n\":3,\"interval_ms\":400}", s.timeout));
      }
      Duration wait = s.timeout.plusSeconds(jobs);
      for (Client.Sub sub : subs) {
        JsonNode frame;
        do {
          frame = client.next(sub.sub(), wait);
        } while ("progress".equals(frame.path("op").asText()));
        expect("result".equals(frame.path("op").asText()), sub.job() + " ended with " + frame);
      }
      List<Seen> refused = s.traffic.matching(mark, f -> f.is(Channel.WORKER, "fail"));
      expect(refused.isEmpty(), "the worker failed jobs within its capacity: " + refused);
      int peak = 0;
      for (Seen beat : s.traffic.matching(mark, f -> f.is(Channel.WORKER, "heartbeat"))) {
        peak = Math.max(peak, beat.message().path("running").size());
      }
      expect(peak <= s.capacity, "a heartbeat listed " + peak + " running jobs > capacity");
      expect(
          peak == s.capacity,
          "never ran " + s.capacity + " jobs at once (peak in heartbeats: " + peak + ")");
      return jobs + " jobs all done; " + peak + " ran at once (capacity " + s.capacity + ")";
    }
  }
}
