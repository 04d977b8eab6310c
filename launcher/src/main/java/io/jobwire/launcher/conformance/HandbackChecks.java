package io.jobwire.launcher.conformance;

import static io.jobwire.launcher.conformance.NotConformant.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker gives jobs back without spending their attempts: {@code busy} over capacity, {@code
 * shutdown} on SIGTERM. The broker requeues a job failed with either code (and {@code retry:true})
 * as if it never ran; any other code spends an attempt.
 */
final class HandbackChecks {
  private HandbackChecks() {}

  static String busy(Session s) throws Exception {
    s.awaitIdle();
    int mark = s.traffic.mark();
    try (Client client = s.client()) {
      List<Client.Sub> subs = new ArrayList<>();
      for (int i = 0; i < s.capacity; i++) {
        subs.add(client.subscribe("count", "{\"n\":100000,\"interval_ms\":100}", s.timeout));
      }
      Seen full =
          s.awaitHeartbeat(
              mark, running -> running.size() == s.capacity, s.capacity + " jobs running");
      String extra = "conformance-busy-" + System.nanoTime();
      s.tap.inject(full.conn(), extra, Session.jobFrame(extra, "upper", "{\"text\":\"x\"}"));
      Seen fail =
          s.await(
              mark,
              f -> f.is(Channel.WORKER, "fail") && extra.equals(f.job()),
              "fail for a job sent while the worker ran its capacity (sent after "
                  + Session.at(full)
                  + ")");
      JsonNode m = fail.message();
      expect(
          "busy".equals(m.path("error").path("code").asText()) && m.path("retry").asBoolean(false),
          "a job beyond capacity must go straight back with fail code busy, retry:true; the worker"
              + " sent "
              + fail);
      for (Client.Sub sub : subs) {
        client.unsubscribe(sub.sub(), s.timeout);
      }
      int peak = 0;
      for (Seen beat : s.traffic.matching(mark, f -> f.is(Channel.WORKER, "heartbeat"))) {
        expect(
            !beat.message().path("running").toString().contains(extra),
            "the worker listed the job it refused as running: " + beat);
        peak = Math.max(peak, beat.message().path("running").size());
      }
      expect(peak <= s.capacity, "a heartbeat listed " + peak + " running jobs > capacity");
      s.awaitIdle();
      return "job beyond capacity "
          + s.capacity
          + " refused busy retry:true at "
          + Session.at(fail);
    }
  }

  /**
   * SIGTERM while a job runs that may run only once: the worker hands it back with {@code shutdown}
   * when its grace ends (the kit starts it with {@code JOBWIRE_GRACE=1}), says {@code bye} and
   * exits; the job is queued again with its attempt unspent. Ends the worker: runs last but one.
   */
  static String sigterm(Session s) throws Exception {
    WorkerProcess worker = s.requireProcess();
    s.awaitIdle();
    int mark = s.traffic.mark();
    String job =
        s.stack
            .queue()
            .enqueue(
                new JobRequest(
                    "count",
                    Codec.parse("{\"n\":100000,\"interval_ms\":100}"),
                    null,
                    null,
                    null,
                    1,
                    null));
    try {
      Seen running =
          s.awaitHeartbeat(
              mark, list -> list.toString().contains(job), "a heartbeat listing job " + job);
      long signalled = s.tap.millis();
      worker.terminate();
      String since =
          "(SIGTERM at +" + signalled + " ms, the job running since " + Session.at(running) + ")";
      Seen fail =
          s.await(
              mark,
              f -> f.is(Channel.WORKER, "fail") && job.equals(f.job()),
              s.timeout.plusSeconds(10),
              "fail handing back the running job after SIGTERM " + since);
      JsonNode m = fail.message();
      expect(
          "shutdown".equals(m.path("error").path("code").asText())
              && m.path("retry").asBoolean(false),
          "on SIGTERM the worker must hand an unfinished job back with fail code shutdown,"
              + " retry:true (the broker then spends no attempt); it sent "
              + fail
              + " "
              + since);
      int signalledAt = s.traffic.all().indexOf(running) + 1;
      List<Seen> draining =
          s.traffic.matching(
              signalledAt,
              f ->
                  f.is(Channel.WORKER, "heartbeat")
                      && f.message().path("draining").asBoolean(false)
                      && f.atMillis() <= fail.atMillis());
      expect(
          !draining.isEmpty(),
          "on SIGTERM the worker must say so at once in a heartbeat with draining:true (the broker"
              + " then sends it no new job, which it would only hand back), before it hands jobs"
              + " back; none came before its fail at "
              + Session.at(fail)
              + " "
              + since);
      Seen bye =
          s.await(
              mark,
              f ->
                  f.is(Channel.WORKER, "bye")
                      && s.worker.equals(f.message().path("worker").asText()),
              "bye after handing the job back " + since);
      Integer exit = worker.exitCode(s.timeout.toSeconds());
      expect(exit != null, "the worker must exit after bye; it still runs " + since);
      JobStatus status = queuedAgain(s, job);
      expect(
          status.state() == JobState.QUEUED,
          "the job must be queued again with its attempt unspent; it is "
              + status.state()
              + " after "
              + status.attempts()
              + " of 1 attempts");
      return "fail shutdown retry:true "
          + (fail.atMillis() - signalled)
          + " ms after SIGTERM, bye at "
          + Session.at(bye)
          + ", exit "
          + exit
          + "; job queued again with its one attempt unspent";
    } finally {
      s.stack.queue().cancel(job); // nobody else may run it (the two-broker check follows)
    }
  }

  /** The job's status once the broker took the hand-back in (or it ended), within the timeout. */
  private static JobStatus queuedAgain(Session s, String job) throws InterruptedException {
    long until = System.nanoTime() + s.timeout.toNanos();
    JobStatus status = s.stack.queue().status(job).orElseThrow();
    while (status.state() == JobState.RUNNING && System.nanoTime() < until) {
      Thread.sleep(50); // the broker reads the relayed fail on its own thread
      status = s.stack.queue().status(job).orElseThrow();
    }
    return status;
  }
}
