package io.jobwire.launcher.conformance;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobwire conformance}: checks that a worker in any language speaks the protocol. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = {
      "Drive a worker through the worker protocol against a real broker and front end, and report"
          + " pass/fail per behaviour (docs/worker-protocol.md). Exit 0 when all pass, 1 if not.",
      "The worker must serve the conformance topics upper, count and fail.",
      "Example: scripts/jobwire conformance --worker-cmd '/usr/bin/python3"
          + " workers/python/jobwire_worker.py --capacity 2'"
    })
public final class ConformanceCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--worker-cmd",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_WORKER_CMD}",
      paramLabel = "COMMAND",
      description =
          "Shell command that starts the worker; {broker} and env JOBWIRE_BROKER hold the"
              + " endpoint to connect to (several, comma-separated, for two_brokers); the kit"
              + " sets JOBWIRE_GRACE=1 unless set (env JOBWIRE_CONFORMANCE_WORKER_CMD).")
  String workerCommand;

  @Option(
      names = "--broker-endpoint",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_BROKER_ENDPOINT}",
      paramLabel = "ENDPOINT",
      description =
          "Bind the broker here and wait for a worker you start yourself (e.g."
              + " tcp://127.0.0.1:5556; sigterm and two_brokers are then skipped); with"
              + " --worker-cmd, default is an ephemeral port (env"
              + " JOBWIRE_CONFORMANCE_BROKER_ENDPOINT).")
  String brokerEndpoint;

  @Option(
      names = "--timeout",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_TIMEOUT:-15}",
      paramLabel = "SECONDS",
      description =
          "How long one expectation may take (env JOBWIRE_CONFORMANCE_TIMEOUT; default"
              + " ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--start-timeout",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_START_TIMEOUT:-60}",
      paramLabel = "SECONDS",
      description =
          "How long the worker may take to send ready (env JOBWIRE_CONFORMANCE_START_TIMEOUT;"
              + " default ${DEFAULT-VALUE}).")
  int startTimeoutSeconds;

  @Option(
      names = "--worker-log",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_WORKER_LOG}",
      paramLabel = "FILE",
      description =
          "Where the worker's output goes (env JOBWIRE_CONFORMANCE_WORKER_LOG; default:"
              + " jobwire-conformance-worker.log in the temp dir).")
  Path workerLog;

  @Option(
      names = "--redis",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_REDIS}",
      paramLabel = "URI",
      description =
          "A Redis to use, e.g. redis://127.0.0.1:6390/15; the kit writes jobs into its default"
              + " namespace, so give it a Redis (or database) of its own (env"
              + " JOBWIRE_CONFORMANCE_REDIS, not JOBWIRE_REDIS; default: an embedded Redis on a"
              + " free loopback port, never 6379).")
  String redisUri;

  @Option(
      names = "--only",
      split = ",",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_ONLY}",
      paramLabel = "BEHAVIOUR",
      description =
          "Check only these behaviours, comma-separated (ready always runs), e.g. sigterm,busy"
              + " (env JOBWIRE_CONFORMANCE_ONLY; default: all).")
  List<String> only;

  @Option(
      names = "--log-level",
      defaultValue = "${env:JOBWIRE_CONFORMANCE_LOG_LEVEL:-warn}",
      description =
          "Log level of the in-process broker and front end (env JOBWIRE_CONFORMANCE_LOG_LEVEL;"
              + " default ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    if (workerCommand == null && brokerEndpoint == null) {
      throw new ParameterException(
          spec.commandLine(), "give --worker-cmd COMMAND, or --broker-endpoint ENDPOINT");
    }
    var root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(logLevel, Level.WARN));
    Conformance.Options options;
    try {
      options =
          new Conformance.Options(
              workerCommand,
              brokerEndpoint,
              Duration.ofSeconds(timeoutSeconds),
              Duration.ofSeconds(startTimeoutSeconds),
              workerLog != null ? workerLog : Conformance.Options.defaultLog(),
              redisUri == null || redisUri.isBlank() ? null : redisUri,
              only == null
                  ? Set.of()
                  : only.stream().filter(name -> !name.isBlank()).collect(Collectors.toSet()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (workerCommand == null) {
      System.out.println("waiting for a worker at " + brokerEndpoint + " …");
    }
    Report report = Conformance.run(options);
    System.out.print(report.table());
    return report.passed() ? 0 : 1;
  }
}
