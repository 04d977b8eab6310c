package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The worker stays in touch: reconnects after the broker goes silent, heartbeats, speaks JSON. */
final class LivenessChecks {
  /** The contract says at least one heartbeat a second; this leaves room for a busy machine. */
  static final long MAX_HEARTBEAT_GAP_MILLIS = 1500;

  /** How long a worker waits for the broker before it reconnects, by the contract. */
  static final Duration BROKER_SILENCE = Duration.ofSeconds(3);

  private LivenessChecks() {}

  static String reconnect(Session s) throws Exception {
    int mark = s.traffic.mark();
    Seen silenced = s.traffic.all().get(Math.max(0, mark - 1));
    // every connection so far: a worker started before the kit may have reconnected already
    Set<String> old = new HashSet<>();
    s.traffic.matching(0, f -> f.channel() == Channel.WORKER).forEach(f -> old.add(f.conn()));
    old.forEach(s.tap::silence);
    Seen ready =
        s.await(
            mark,
            f ->
                f.is(Channel.WORKER, "ready")
                    && !old.contains(f.conn())
                    && s.worker.equals(f.message().path("worker").asText()),
            s.timeout.plus(BROKER_SILENCE),
            "ready on a new connection after the broker went silent (wait 3 s, then reconnect)");
    s.conn = ready.conn();
    long after = ready.atMillis() - silenced.atMillis();
    // The tap saw ready before the broker did; until the broker heartbeats the new connection it
    // may still hand a job to the old one, where the tap would swallow it.
    s.await(
        s.traffic.all().indexOf(ready),
        f -> f.is(Channel.BROKER, "heartbeat") && s.conn.equals(f.conn()),
        "broker heartbeat on the new connection");
    int served = s.traffic.mark();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("count", "{\"n\":1,\"interval_ms\":0}", s.timeout);
      JsonNode got;
      do {
        got = client.next(sub.sub(), s.timeout);
      } while ("progress".equals(got.path("op").asText()));
      expect(
          "result".equals(got.path("op").asText()) && got.path("data").path("n").asInt() == 1,
          "after reconnecting, the client got " + got);
      Seen job = s.await(served, Channel.BROKER, "job", sub.job(), "job on the new connection");
      expect(s.conn.equals(job.conn()), "the job went to an old connection");
    }
    return "ready again with the same worker id ~" + after + " ms after silence, then served count";
  }

  /**
   * The broker goes silent on every connection while a job runs, for two silence timeouts, then
   * comes back. The worker must keep running the job (and heartbeating it), reconnect and send
   * {@code ready} again while the broker is silent, and, once it answers, finish the job as if
   * nothing happened: every progress in order, the result, {@code done}, no {@code fail}.
   */
  static String silentBroker(Session s) throws Exception {
    s.awaitIdle();
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe("count", "{\"n\":30,\"interval_ms\":250}", s.timeout);
      JsonNode first = client.next(sub.sub(), s.timeout);
      expect("progress".equals(first.path("op").asText()), "expected progress, got " + first);
      int mark = s.traffic.mark();
      long silentFrom = s.tap.millis();
      s.tap.outage(true);
      Seen ready;
      try {
        ready =
            s.await(
                mark,
                f -> f.is(Channel.WORKER, "ready"),
                s.timeout.plus(BROKER_SILENCE),
                "ready on a new connection while the broker is silent (silent since +"
                    + silentFrom
                    + " ms): reconnect after 3 s of silence");
        // one more silence timeout: a worker must keep trying, and keep its job meanwhile
        s.await(
            s.traffic.all().indexOf(ready) + 1,
            f -> f.atMillis() > ready.atMillis() + BROKER_SILENCE.toMillis(),
            s.timeout.plus(BROKER_SILENCE),
            "traffic during the outage");
      } finally {
        s.tap.outage(false);
      }
      long back = s.tap.millis();
      String when =
          "(broker silent from +"
              + silentFrom
              + " ms to +"
              + back
              + " ms, ready again at "
              + Session.at(ready)
              + ")";
      List<Seen> pushedMeanwhile =
          s.traffic.matching(
              mark,
              f -> f.channel() == Channel.PUSH && sub.job().equals(f.job()) && f.atMillis() < back);
      expect(
          !pushedMeanwhile.isEmpty(),
          "the worker must keep running its jobs while the broker is silent; it pushed nothing "
              + when);
      int seq = first.path("seq").asInt();
      JsonNode frame;
      do {
        frame = client.next(sub.sub(), s.timeout.plusSeconds(10));
        expect(
            frame.path("seq").asInt() == ++seq,
            "the job must run on through the outage; the client got " + frame + " " + when);
      } while ("progress".equals(frame.path("op").asText()));
      expect(
          "result".equals(frame.path("op").asText()) && frame.path("data").path("n").asInt() == 30,
          "the job must finish with its result after the broker is back; the client got "
              + frame
              + " "
              + when);
      s.await(mark, Channel.WORKER, "done", sub.job(), "done for the job " + when);
      List<Seen> failed =
          s.traffic.matching(mark, f -> f.is(Channel.WORKER, "fail") && sub.job().equals(f.job()));
      expect(failed.isEmpty(), "the worker failed its job over the outage: " + failed + " " + when);
      return "job ran through a "
          + (back - silentFrom)
          + " ms outage, ready again "
          + (ready.atMillis() - silentFrom)
          + " ms after it began; result and done after";
    }
  }

  static String heartbeats(Session s) throws Exception {
    Map<String, Long> last = new HashMap<>();
    long worst = 0;
    int beats = 0;
    for (Seen f : s.traffic.all()) {
      if (f.channel() != Channel.WORKER) {
        continue;
      }
      if (f.is(Channel.WORKER, "ready")) {
        last.putIfAbsent(f.conn(), f.atMillis());
      } else if (f.is(Channel.WORKER, "heartbeat")) {
        beats++;
        expect(
            s.worker.equals(f.message().path("worker").asText())
                && f.message().path("running").isArray(),
            "heartbeat needs worker and running[]: " + f.raw());
        Long previous = last.put(f.conn(), f.atMillis());
        if (previous != null) {
          worst = Math.max(worst, f.atMillis() - previous);
        }
      }
    }
    expect(beats > 0, "no heartbeat at all");
    expect(
        worst <= MAX_HEARTBEAT_GAP_MILLIS,
        "heartbeats were up to " + worst + " ms apart; send at least one a second");
    return beats + " heartbeats, at most " + worst + " ms apart";
  }

  static String wellFormed(Session s) throws Exception {
    List<Seen> bad =
        s.traffic.matching(
            0, f -> f.channel() != Channel.BROKER && !f.message().path("type").isTextual());
    expect(bad.isEmpty(), "not one JSON object with a type: " + (bad.isEmpty() ? "" : bad.get(0)));
    long rejected = s.stack.broker().stats().malformedMessages();
    long ingress = s.stack.frontend().stats().ingressMalformed();
    expect(rejected == 0, "the broker rejected " + rejected + " malformed worker messages");
    expect(ingress == 0, "the front end rejected " + ingress + " malformed pushes");
    return s.traffic.all().size() + " frames relayed; broker and front end rejected none";
  }
}
