package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.launcher.conformance.Seen.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A second worker process, started with two brokers on the kit's Redis ({@code {broker}} = both
 * endpoints): it serves the first while the second is not up yet, joins the second when it comes
 * up, runs jobs from both without ever exceeding its capacity in total, and keeps serving, failing
 * to the live broker, when the first is killed. Runs last: the first worker must be gone.
 */
final class TwoBrokersCheck {
  private TwoBrokersCheck() {}

  static String run(Session s) throws Exception {
    WorkerProcess first = s.requireProcess();
    if (first.isAlive()) {
      first.terminate();
      expect(
          first.exitCode(s.timeout.toSeconds()) != null,
          "the first worker did not exit on SIGTERM");
    }
    String ingress = s.stack.frontend().ingressEndpoint();
    String second = "tcp://127.0.0.1:" + freePort(); // where broker 2 comes up later
    Broker b1 = startBroker(s);
    try (Wiretap t1 = Wiretap.bind("tcp://127.0.0.1:*");
        WorkerProcess worker =
            WorkerProcess.start(
                s.options.workerCommand(),
                t1.workerEndpoint() + "," + second,
                s.options.workerLog())) {
      t1.relayTo(b1.endpoint(), ingress);
      Seen ready1 =
          await(
              t1,
              0,
              f -> f.is(Channel.WORKER, "ready"),
              s.options.startTimeout(),
              "ready to broker 1");
      String id = ready1.message().path("worker").asText();
      int capacity = ready1.message().path("capacity").asInt();
      String one = serveOne(s, "upper", "{\"text\":\"b1\"}", "result");
      await(
          t1,
          0,
          f -> f.is(Channel.BROKER, "job") && one.equals(f.job()),
          s.timeout,
          "job via broker 1");

      try (Broker b2 = startBroker(s);
          Wiretap t2 = Wiretap.bind(second)) {
        t2.relayTo(b2.endpoint(), ingress);
        Seen ready2 =
            await(
                t2,
                0,
                f ->
                    f.is(Channel.WORKER, "ready") && id.equals(f.message().path("worker").asText()),
                s.timeout.plusSeconds(5),
                "ready with the same id to broker 2 once it came up (keep reconnecting a broker"
                    + " that does not answer)");
        int m1 = t1.traffic().mark();
        int m2 = t2.traffic().mark();
        List<String> jobs = new ArrayList<>();
        try (Client client = s.client()) {
          List<Client.Sub> subs = new ArrayList<>();
          for (int i = 0; i < capacity * 2 + 2; i++) {
            subs.add(client.subscribe("count", "{\"n\":2,\"interval_ms\":300}", s.timeout));
          }
          for (Client.Sub sub : subs) {
            jobs.add(sub.job());
            JsonNode frame;
            do {
              frame = client.next(sub.sub(), s.timeout.plusSeconds(subs.size()));
            } while ("progress".equals(frame.path("op").asText()));
            expect(
                "result".equals(frame.path("op").asText()),
                "with two brokers every job must finish; " + sub.job() + " ended with " + frame);
          }
        }
        int peak = peak(t1, m1, capacity, jobs);
        peak = Math.max(peak, peak(t2, m2, capacity, jobs));
        long via1 = delivered(t1, m1, jobs);
        long via2 = delivered(t2, m2, jobs);
        for (Wiretap tap : List.of(t1, t2)) {
          List<Seen> refused =
              tap.traffic()
                  .matching(
                      0,
                      f ->
                          f.is(Channel.WORKER, "fail")
                              && jobs.contains(f.job())
                              && !"busy".equals(f.message().path("error").path("code").asText()));
          expect(refused.isEmpty(), "with two brokers the worker failed jobs: " + refused);
        }

        b1.close(); // broker 1 dies; the worker must go on with broker 2
        long killed = t1.millis();
        String after = serveOne(s, "upper", "{\"text\":\"b2\"}", "result");
        await(
            t2,
            m2,
            f -> f.is(Channel.BROKER, "job") && after.equals(f.job()),
            s.timeout,
            "job via broker 2");
        String failing = serveOne(s, "fail", "{\"retry\":false}", "failed");
        await(
            t2,
            m2,
            f -> f.is(Channel.WORKER, "fail") && failing.equals(f.job()),
            s.timeout,
            "fail to broker 2, the live one, after broker 1 was killed at +" + killed + " ms");
        return "ready to broker 2 at "
            + Session.at(ready2)
            + "; "
            + jobs.size()
            + " jobs from both ("
            + via1
            + " via broker 1, "
            + via2
            + " via broker 2), at most "
            + peak
            + " at once (capacity "
            + capacity
            + "); served and failed through broker 2 after broker 1 was killed";
      }
    } finally {
      b1.close();
    }
  }

  private static Broker startBroker(Session s) {
    return Broker.start(
        BrokerConfig.builder()
            .bind("tcp://127.0.0.1:*")
            .redisUri(s.stack.redisUri())
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .build());
  }

  /** A job through the front end: its id, once the client got {@code op} for it. */
  private static String serveOne(Session s, String topic, String params, String op)
      throws Exception {
    try (Client client = s.client()) {
      Client.Sub sub = client.subscribe(topic, params, s.timeout);
      JsonNode got = client.next(sub.sub(), s.timeout.plusSeconds(5));
      expect(
          op.equals(got.path("op").asText()),
          "with two brokers, "
              + topic
              + " "
              + params
              + " must end in "
              + op
              + "; the client got "
              + got);
      return sub.job();
    }
  }

  /** The most jobs one heartbeat on {@code tap} listed; fails above {@code capacity}. */
  private static int peak(Wiretap tap, int mark, int capacity, List<String> jobs)
      throws NotConformant {
    int peak = 0;
    for (Seen beat : tap.traffic().matching(mark, f -> f.is(Channel.WORKER, "heartbeat"))) {
      int running = beat.message().path("running").size();
      expect(
          running <= capacity,
          "capacity is the worker's total over all brokers; a heartbeat listed "
              + running
              + " jobs > "
              + capacity
              + ": "
              + beat);
      peak = Math.max(peak, running);
    }
    return peak;
  }

  private static long delivered(Wiretap tap, int mark, List<String> jobs) {
    return tap
        .traffic()
        .matching(mark, f -> f.is(Channel.BROKER, "job") && jobs.contains(f.job()))
        .stream()
        .map(Seen::job)
        .distinct()
        .count();
  }

  private static Seen await(
      Wiretap tap, int mark, java.util.function.Predicate<Seen> match, Duration within, String what)
      throws InterruptedException, NotConformant {
    try {
      return tap.traffic().await(mark, match, within);
    } catch (TimeoutException e) {
      throw new NotConformant("no " + what + " within " + within.toSeconds() + " s");
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
