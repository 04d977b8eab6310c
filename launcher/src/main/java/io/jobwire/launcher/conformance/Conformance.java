package io.jobwire.launcher.conformance;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.conformance.Outcome.Status;
import io.jobwire.launcher.conformance.Seen.Channel;
import io.jobwire.launcher.service.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance kit: runs a real broker and front end (and an embedded Redis) in this process,
 * puts a {@link Wiretap} between them and the worker under test, and drives the worker through
 * every behaviour of the worker protocol (docs/worker-protocol.md).
 *
 * <pre>{@code
 * Report report = Conformance.run(Conformance.Options.command("node workers/node/worker.js"));
 * System.out.print(report.table());
 * }</pre>
 */
final class Conformance {
  private static final Logger log = LoggerFactory.getLogger(Conformance.class);

  /** Every behaviour, in the order they run; a worker that never says ready skips the rest. */
  static final List<Check> CHECKS =
      List.of(
          new Check(
              "ready",
              "joins with ready: worker id, topics upper+count+fail, capacity",
              JobChecks::ready),
          new Check(
              "result_done",
              "upper: pushes result seq 1 with the route, then done",
              JobChecks::resultThenDone),
          new Check(
              "progress_order",
              "count: progress seq 1..n, then result; heartbeat lists the job",
              JobChecks::progressInOrder),
          new Check(
              "fail_retry",
              "fail retry:true; the broker re-runs it as attempt 2",
              FailureChecks::failThenRetry),
          new Check(
              "fail_dead",
              "fail retry:false: job dead, client gets failed",
              FailureChecks::failForGood),
          new Check(
              "cancel",
              "cancel: stops, drops the job from heartbeats, sends nothing more",
              FailureChecks::cancel),
          new Check(
              "capacity", "runs up to capacity jobs at once, never more", JobChecks::capacity),
          new Check(
              "deadline",
              "at a job's deadline: fail code timeout, retry:false, before the broker cancels it;"
                  + " push nothing after",
              FailureChecks::deadline),
          new Check(
              "busy",
              "a job beyond capacity goes straight back: fail code busy, retry:true",
              HandbackChecks::busy),
          new Check(
              "deep_params",
              "a job it cannot decode (nested 5000 deep): fail code bad_request, retry:false;"
                  + " a frame that is not JSON: ignored; serves on",
              InputChecks::deepParams),
          new Check(
              "reconnect",
              "broker silent 3 s: new connection, ready again, keeps serving",
              LivenessChecks::reconnect),
          new Check(
              "silent_broker",
              "broker silent a while, then back: the running job runs on, ready again while"
                  + " silent, result and done after",
              LivenessChecks::silentBroker),
          new Check(
              "heartbeat",
              "heartbeat with worker and running[] at least once a second",
              LivenessChecks::heartbeats),
          new Check(
              "well_formed",
              "every frame one JSON object; nothing rejected as malformed",
              LivenessChecks::wellFormed),
          new Check(
              "sigterm",
              "on SIGTERM: hand unfinished jobs back with fail code shutdown, retry:true (no"
                  + " attempt spent), bye, exit",
              HandbackChecks::sigterm),
          new Check(
              "two_brokers",
              "--broker a,b: serves both, joins a broker that comes up late, never over capacity in"
                  + " total, goes on (and fails to the live one) when one is killed",
              TwoBrokersCheck::run));

  private Conformance() {}

  /**
   * What to test.
   *
   * @param workerCommand a shell command that starts the worker ({@code {broker}} and {@code
   *     JOBWIRE_BROKER} give the endpoint), or null to wait for a worker started by hand
   * @param brokerEndpoint where the worker connects; null for an ephemeral port (needs a command)
   * @param timeout how long one expectation may take
   * @param startTimeout how long the worker may take to say {@code ready}
   * @param workerLog where the command's output goes
   * @param redisUri a Redis to use (its default namespace), or null for an embedded one on a free
   *     port
   * @param only the behaviours to check ({@code ready} always runs), or empty for all
   */
  record Options(
      String workerCommand,
      String brokerEndpoint,
      Duration timeout,
      Duration startTimeout,
      Path workerLog,
      String redisUri,
      Set<String> only) {

    public Options {
      only = only == null ? Set.of() : Set.copyOf(only);
      for (String name : only) {
        if (CHECKS.stream().noneMatch(c -> c.name().equals(name))) {
          throw new IllegalArgumentException(
              "no behaviour '"
                  + name
                  + "'; they are "
                  + String.join(",", CHECKS.stream().map(Check::name).toList()));
        }
      }
    }

    public Options(
        String workerCommand,
        String brokerEndpoint,
        Duration timeout,
        Duration startTimeout,
        Path workerLog,
        String redisUri) {
      this(workerCommand, brokerEndpoint, timeout, startTimeout, workerLog, redisUri, Set.of());
    }

    public Options withOnly(Set<String> names) {
      return new Options(
          workerCommand, brokerEndpoint, timeout, startTimeout, workerLog, redisUri, names);
    }

    public Options withTimeout(Duration value) {
      return new Options(
          workerCommand, brokerEndpoint, value, startTimeout, workerLog, redisUri, only);
    }

    boolean runs(Check check) {
      return only.isEmpty() || only.contains(check.name()) || check.name().equals("ready");
    }

    public static Options command(String workerCommand) {
      return new Options(
          workerCommand, null, Duration.ofSeconds(15), Duration.ofSeconds(60), defaultLog(), null);
    }

    public Options withWorkerLog(Path value) {
      return new Options(
          workerCommand, brokerEndpoint, timeout, startTimeout, value, redisUri, only);
    }

    public Options withRedis(String uri) {
      return new Options(
          workerCommand, brokerEndpoint, timeout, startTimeout, workerLog, uri, only);
    }

    static Path defaultLog() {
      return Path.of(System.getProperty("java.io.tmpdir"), "jobwire-conformance-worker.log");
    }
  }

  static Report run(Options options) throws Exception {
    String bind = options.brokerEndpoint() != null ? options.brokerEndpoint() : "tcp://127.0.0.1:*";
    try (Wiretap tap = Wiretap.bind(bind);
        LocalStack stack =
            LocalStack.start(
                options.redisUri(),
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                FrontendConfig.builder()
                    .port(0)
                    .ingressBind("tcp://127.0.0.1:*")
                    .replyTo(tap.ingressEndpoint())
                    .build(),
                null)) {
      tap.relayTo(stack.broker().endpoint(), stack.frontend().ingressEndpoint());
      log.info("conformance: worker connects to {}", tap.workerEndpoint());
      if (options.workerCommand() == null) {
        return new Report(runChecks(new Session(stack, tap, null, options), null, options), null);
      }
      Files.deleteIfExists(options.workerLog());
      try (WorkerProcess worker =
          WorkerProcess.start(options.workerCommand(), tap.workerEndpoint(), options.workerLog())) {
        var session = new Session(stack, tap, worker, options);
        return new Report(runChecks(session, worker, options), worker.log().toString());
      }
    }
  }

  private static List<Outcome> runChecks(Session s, WorkerProcess worker, Options options)
      throws InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    String notReady = awaitReady(s, worker, options.startTimeout());
    for (Check check : CHECKS) {
      if (!options.runs(check)) {
        continue;
      }
      if (notReady != null && !check.name().equals("ready")) {
        outcomes.add(new Outcome(check.name(), check.what(), Status.SKIP, "no ready", 0));
        continue;
      }
      long start = System.nanoTime();
      Status status = Status.PASS;
      String detail;
      try {
        detail = notReady != null ? fail(notReady) : check.step().run(s);
      } catch (NotConformant.Skipped e) {
        status = Status.SKIP;
        detail = e.getMessage();
      } catch (NotConformant e) {
        status = Status.FAIL;
        detail = e.getMessage();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        status = Status.FAIL;
        detail = e.toString();
      }
      if (status == Status.FAIL && worker != null && !worker.isAlive()) {
        detail += " (the worker exited; its log ends: " + worker.tail(3).replace('\n', '|') + ")";
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      outcomes.add(new Outcome(check.name(), check.what(), status, detail, millis));
      log.info("conformance {} {} {}", check.name(), status, detail);
    }
    return outcomes;
  }

  private static String fail(String why) throws NotConformant {
    throw new NotConformant(why);
  }

  /** Null once the worker said ready; otherwise why it did not. */
  private static String awaitReady(Session s, WorkerProcess worker, Duration timeout)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      try {
        s.traffic.await(0, f -> f.is(Channel.WORKER, "ready"), Duration.ofMillis(500));
        return null;
      } catch (TimeoutException e) {
        if (worker != null && !worker.isAlive()) {
          return "the worker exited before sending ready; its log ends: "
              + worker.tail(5).replace('\n', '|');
        }
      }
    }
    return "no ready within " + timeout.toSeconds() + " s at " + s.tap.workerEndpoint();
  }
}
