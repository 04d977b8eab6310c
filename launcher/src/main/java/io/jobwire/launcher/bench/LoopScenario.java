package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Does blocking work stall the front end? Ping round trips, idle and while jobs block. */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description = {
      "Ping round trips while jobs block: does blocking work stall the front end?",
      "",
      "A client in its own JVM ('bench loop-pinger') pings the front end --ping-rate "
          + "times a second for --seconds while idle, then "
          + "again while --jobs subscriptions run jobs that block (sleep, no CPU) for "
          + "--block-ms each on a worker with room for all of them; ping round trip p50/p99 "
          + "for both, from the intended send time."
    })
final class LoopScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "200",
      description = "Blocking jobs (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--block-ms",
      defaultValue = "5000",
      description = "How long each job blocks (default ${DEFAULT-VALUE}).")
  int blockMillis;

  @Option(
      names = "--ping-rate",
      defaultValue = "100",
      description = "Pings per second (default ${DEFAULT-VALUE}).")
  int pingRate;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description = "Seconds of pings in each phase; below --block-ms (default ${DEFAULT-VALUE}).")
  int seconds;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("loop");
    int capacity = Math.max(stack.capacity, jobs + 16);
    try (var bench = BenchStack.start(stack, capacity);
        var progress = Progress.start("loop")) {
      bench.describe(report).setting("jobs", jobs).setting("block_ms", blockMillis);
      report
          .setting("ping_rate", pingRate)
          .setting("seconds", seconds)
          .setting("capacity", capacity);
      var results = new LongAdder();
      Process client =
          ChildJvm.start(
              "256m",
              "loop-pinger",
              "--url",
              bench.webSocketUrl(),
              "--rate",
              String.valueOf(pingRate));
      try (var pinger = new Pinger(client);
          var blocker =
              WsClient.to(bench.webSocketUrl())
                  .onText(
                      frame -> {
                        if (Frames.is(frame, "result")) {
                          results.increment();
                        }
                      })
                  .connect()) {
        progress.show(() -> "pinging, " + bench.runningJobs() + " jobs running");
        pinger.ask("warm 5000"); // back to back: the client's and the server's JIT warm up
        report.latencies("ping idle", pinger.ask("ping " + pingRate * seconds));
        for (int i = 0; i < jobs; i++) {
          blocker.send(
              "{\"op\":\"subscribe\",\"ref\":"
                  + i
                  + ",\"topic\":\""
                  + BenchWorker.SLEEP
                  + "\",\"params\":{\"ms\":"
                  + blockMillis
                  + "}}");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bench.runningJobs() < jobs && System.nanoTime() < until) {
          TimeUnit.MILLISECONDS.sleep(5);
        }
        report.figure("jobs blocking while pinged", bench.runningJobs(), "");
        report.latencies("ping while blocked", pinger.ask("ping " + pingRate * seconds));
        until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(blockMillis + 10_000L);
        while (results.sum() < jobs && System.nanoTime() < until) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
        report.figure("blocking jobs finished", results.sum(), "");
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  /** The {@link LoopPinger} child: asks it for pings, reads back their histogram. */
  private static final class Pinger implements AutoCloseable {
    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;

    Pinger(Process process) {
      this.process = process;
      this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.answers =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends {@code ping N} or {@code warm N}; the pings' round trips. */
    Histogram ask(String command) throws Exception {
      commands.println(command);
      String line = answers.readLine();
      if (line == null) {
        throw new IllegalStateException("the pinger process ended (see its error above)");
      }
      return LoopPinger.decode(line);
    }

    @Override
    public void close() throws InterruptedException {
      commands.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
