package io.jobwire.launcher;

import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerCurve;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire workers}: a pool of the example workers. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description =
        "Run the example workers (ping, sysinfo, command, upper, count, fail) against a broker.")
final class WorkersCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkersCommand.class);

  @Mixin CommonOptions common;
  @Mixin WorkerOptions options;
  @Mixin CurveOptions.Worker curve;
  @Mixin MaxMessageOption maxMessage;

  @Option(
      names = "--broker",
      split = ",",
      defaultValue = "${env:JOBWIRE_BROKER:-tcp://127.0.0.1:5556}",
      paramLabel = "ENDPOINT",
      description =
          "The broker's endpoint; several brokers on one Redis as a comma-separated list or by"
              + " repeating the flag: the pool takes jobs from all of them, at most --capacity at"
              + " once in total (env JOBWIRE_BROKER; default ${DEFAULT-VALUE}).")
  List<String> brokers;

  @Override
  public Integer call() throws Exception {
    common.applyLogLevel();
    WorkerCurve keys;
    try {
      keys = curve.toCurve();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    options.maxMessageBytes = maxMessage.bytes;
    var shutdown = new AwaitShutdown();
    String broker = String.join(",", brokers);
    Worker worker = shutdown.own(options.build(broker, keys));
    worker.start();
    log.info("workers ready broker={} capacity={}", broker, options.capacity);
    shutdown.await();
    return 0;
  }
}
