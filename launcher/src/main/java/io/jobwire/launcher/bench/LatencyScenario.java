package io.jobwire.launcher.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Subscribe → subscribed and → result at steady offered rates, with the ping round trip floor. */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe -> subscribed and subscribe -> result at steady offered rates.",
      "",
      "For each of --rates (default 10, 100 and 1,000 subscriptions/s, one after the other in "
          + "one run) sends no-op subscriptions over --connections clients for --duration "
          + "seconds after --warmup and times each from its INTENDED send time, so a stall "
          + "counts for every request it delayed (no coordinated omission). The floor: a "
          + "WebSocket ping round trip from the same clients in the same run (up to 20/s, "
          + "halfway between two subscribes); the ratios to its p50 are printed too."
    })
final class LatencyScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = {"--rates", "--rate"},
      split = ",",
      defaultValue = "${env:JOBWIRE_BENCH_RATES:-10,100,1000}",
      description =
          "Subscriptions per second, one measurement each, in this order (env"
              + " JOBWIRE_BENCH_RATES; default ${DEFAULT-VALUE}).")
  List<Integer> rates;

  @Option(
      names = "--duration",
      defaultValue = "15",
      description = "Measured seconds at each rate (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Unmeasured seconds at the same rate first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "WebSocket clients, used in turn (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--queue-only",
      description =
          "Also the same rates through JobQueue alone (enqueue -> result on a PULL socket).")
  boolean queueOnly;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("latency");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("latency")) {
      bench.describe(report).setting("rates", rates).setting("duration_s", duration);
      report.setting("warmup_s", warmup).setting("connections", connections);
      for (int rate : rates) {
        SubscribeLatency.measure(bench, rate, warmup, duration, connections, progress)
            .report(report);
        if (queueOnly) {
          report.latencies(
              rate + "/s enqueue->result",
              QueueOnly.latency(bench.queue(), rate, warmup, duration, progress));
        }
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }
}
