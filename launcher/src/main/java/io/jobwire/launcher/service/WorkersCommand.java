package io.jobwire.launcher.service;

import io.jobwire.launcher.cli.AwaitShutdown;
import io.jobwire.launcher.cli.CommonOptions;
import io.jobwire.launcher.cli.CurveOptions;
import io.jobwire.launcher.cli.MaxMessageOption;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.worker.Worker;
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
        "Run the example workers (ping, sysinfo, command, upper, count, fail) against a broker."
            + " On SIGTERM running jobs get --grace to finish; the rest are handed back.")
public final class WorkersCommand implements Callable<Integer> {
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
  public List<String> brokers;

  @Option(
      names = "--topics",
      split = ",",
      defaultValue = "${env:JOBWIRE_TOPICS:-ping,sysinfo,command,upper,count,fail}",
      paramLabel = "TOPIC",
      description =
          "Example topics to serve, comma-separated (env JOBWIRE_TOPICS; default"
              + " ${DEFAULT-VALUE}).")
  List<String> topics;

  @Override
  public Integer call() throws Exception {
    options.topics = topics;
    common.applyLogLevel();
    String broker = String.join(",", brokers);
    Worker built;
    try {
      built = options.build(broker, curve.toCurve());
    } catch (IllegalArgumentException e) { // a flag that does not fit: say which, start nothing
      System.err.println(e.getMessage());
      return 2;
    }
    options.maxMessageBytes = maxMessage.bytes;
    var shutdown = new AwaitShutdown();
    Worker worker = shutdown.own(built);
    worker.start();
    log.info("workers ready broker={} capacity={}", broker, options.capacity);
    shutdown.await();
    return 0;
  }
}
