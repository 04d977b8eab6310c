package io.jobwire.launcher.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.conformance.Seen.Channel;
import io.jobwire.launcher.service.LocalStack;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** What the checks share: the stack, the recording, and what is known about the worker. */
final class Session {
  final LocalStack stack;
  final Wiretap tap;
  final Traffic traffic;
  final Duration timeout;

  /** The worker process the kit started, or null when the worker was started by hand. */
  final WorkerProcess process;

  /** What the kit was asked to test: the command starts more workers (two-broker check). */
  final Conformance.Options options;

  /** From the worker's {@code ready}: its name, its current connection, its capacity. */
  String worker;

  String conn;
  int capacity;

  Session(LocalStack stack, Wiretap tap, WorkerProcess process, Conformance.Options options) {
    this.stack = stack;
    this.tap = tap;
    this.traffic = tap.traffic();
    this.timeout = options.timeout();
    this.process = process;
    this.options = options;
  }

  /**
   * Fails the check as skipped unless the kit started the worker (it must signal or restart it).
   */
  WorkerProcess requireProcess() throws NotConformant.Skipped {
    if (process == null) {
      throw new NotConformant.Skipped("the kit did not start the worker (use --worker-cmd)");
    }
    return process;
  }

  /** The first heartbeat since {@code mark} whose running list matches. */
  Seen awaitHeartbeat(int mark, Predicate<JsonNode> running, String waitingFor)
      throws InterruptedException, NotConformant {
    return await(
        mark,
        f -> f.is(Channel.WORKER, "heartbeat") && running.test(f.message().path("running")),
        waitingFor);
  }

  /** Waits until the worker runs nothing (a heartbeat with an empty list), for a clean start. */
  void awaitIdle() throws InterruptedException, NotConformant {
    awaitHeartbeat(traffic.mark(), JsonNode::isEmpty, "a heartbeat with nothing running");
  }

  /** "+1234 ms", the tap's clock, as every frame of a report is timed. */
  static String at(Seen frame) {
    return "+" + frame.atMillis() + " ms";
  }

  /** A {@code job} frame the broker never sent: a background job (no reply_to), attempt 1. */
  static String jobFrame(String id, String topic, String paramsJson) {
    return "{\"type\":\"job\",\"job\":{\"id\":\""
        + id
        + "\",\"topic\":\""
        + topic
        + "\",\"params\":"
        + paramsJson
        + ",\"user\":null,\"reply_to\":null,\"route\":null,\"attempt\":1,"
        + "\"max_attempts\":3,\"deadline\":null}}";
  }

  Client client() throws InterruptedException, TimeoutException {
    return new Client(stack.webSocketUrl("127.0.0.1"), timeout);
  }

  /** The first frame since {@code mark} on {@code channel} of {@code type} about {@code job}. */
  Seen await(int mark, Channel channel, String type, String job, String waitingFor)
      throws InterruptedException, NotConformant {
    return await(mark, f -> f.is(channel, type) && job.equals(f.job()), waitingFor);
  }

  Seen await(int mark, Predicate<Seen> match, String waitingFor)
      throws InterruptedException, NotConformant {
    return await(mark, match, timeout, waitingFor);
  }

  Seen await(int mark, Predicate<Seen> match, Duration within, String waitingFor)
      throws InterruptedException, NotConformant {
    try {
      return traffic.await(mark, match, within);
    } catch (TimeoutException e) {
      throw new NotConformant("no " + waitingFor + " within " + within.toSeconds() + " s");
    }
  }
}
