package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The queue-only workload on jobwire and on BullMQ, one after the other, against one Redis. */
@Command(
    name = "bullmq",
    mixinStandardHelpOptions = true,
    description = {
      "jobwire and BullMQ on the same Redis in the same run; the ratios.",
      "",
      "Queue-only throughput (--jobs in batches of --batch) on jobwire (JobQueue -> no-op "
          + "Java worker) and on BullMQ (bench/bullmq, no-op processor, concurrency --capacity, "
          + "removeOnComplete). Then, at each of --rates for --duration after --warmup: "
          + "jobwire subscribe -> result over WebSocket (with the ping floor, as 'bench "
          + "latency'), jobwire enqueue -> result through JobQueue alone, and BullMQ add -> "
          + "completed; prints the ratios jobwire/BullMQ. Needs node; runs 'npm install' there "
          + "if needed."
    })
final class BullmqScenario implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "200000",
      description = "Throughput jobs (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Jobs per enqueue call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = {"--rates", "--rate"},
      split = ",",
      defaultValue = "${env:JOBWIRE_BENCH_RATES:-10,100,1000}",
      description =
          "Latency: jobs per second, one measurement of each system at each (env"
              + " JOBWIRE_BENCH_RATES; default ${DEFAULT-VALUE}).")
  List<Integer> rates;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "Latency: WebSocket clients, used in turn (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--duration",
      defaultValue = "10",
      description = "Latency: measured seconds (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Latency: unmeasured seconds first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--bullmq-dir",
      paramLabel = "DIR",
      description =
          "Where bench.js and its package.json are (default: bench/bullmq here or beside the jar's project).")
  File dir;

  @Option(
      names = "--node",
      defaultValue = "${env:JOBWIRE_NODE:-node}",
      description = "The node binary (env JOBWIRE_NODE; default ${DEFAULT-VALUE}).")
  String node;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    File script = bullmqDir();
    npmInstallIfNeeded(script);
    var report = new Report("bullmq");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("bullmq")) {
      bench.describe(report).setting("concurrency", stack.capacity);
      report
          .setting("jobs", jobs)
          .setting("batch", batch)
          .setting("rates", rates)
          .setting("duration_s", duration)
          .setting("warmup_s", warmup);
      QueueOnly.throughput(bench, Math.min(jobs, 20_000), batch, progress); // JIT warm-up
      double jobwire = QueueOnly.throughput(bench, jobs, batch, progress);
      progress.show(() -> "BullMQ throughput, " + jobs + " jobs");
      JsonNode bull =
          node(
              script,
              bench.redisUri(),
              "throughput",
              "--jobs",
              jobs,
              "--batch",
              batch,
              "--concurrency",
              stack.capacity);
      report.setting("bullmq", bull.path("bullmq").asText());
      double bullmq = bull.path("jobs_per_s").asDouble();
      report.figure("jobwire queue-only", jobwire, "jobs/s");
      report.figure("BullMQ queue-only", bullmq, "jobs/s");
      report.figure("throughput ratio jobwire/BullMQ", jobwire / bullmq, "x");

      for (int rate : rates) {
        latencies(bench, script, rate, progress, report);
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  /** At one rate: jobwire over WebSocket, jobwire's queue alone, BullMQ; the ratios. */
  private void latencies(BenchStack bench, File script, int rate, Progress progress, Report report)
      throws Exception {
    var ws = SubscribeLatency.measure(bench, rate, warmup, duration, connections, progress);
    Histogram queueOnly = QueueOnly.latency(bench.queue(), rate, warmup, duration, progress);
    progress.show(() -> "BullMQ latency, " + rate + " jobs/s");
    JsonNode bull =
        node(
            script,
            bench.redisUri(),
            "latency",
            "--rate",
            rate,
            "--duration",
            duration,
            "--warmup",
            warmup,
            "--concurrency",
            stack.capacity);
    String at = rate + "/s ";
    report.brief(at + "ping round trip (floor)", ws.ping());
    report.brief(at + "jobwire subscribe->result", ws.toResult());
    report.brief(at + "jobwire enqueue->result (queue only)", queueOnly);
    for (String p : new String[] {"p50", "p99"}) {
      report.figure(at + "BullMQ add->completed " + p, bull.path(p + "_ms").asDouble(), "ms");
    }
    for (int p : new int[] {50, 99}) {
      double bullmq = bull.path("p" + p + "_ms").asDouble();
      report.figure(
          at + "ratio p" + p + " jobwire subscribe->result / BullMQ (< 1: jobwire faster)",
          ws.toResult().getValueAtPercentile(p) / 1e6 / bullmq,
          "x");
      report.figure(
          at + "ratio p" + p + " jobwire queue only / BullMQ",
          queueOnly.getValueAtPercentile(p) / 1e6 / bullmq,
          "x");
    }
  }

  private File bullmqDir() {
    List<File> candidates = new ArrayList<>();
    if (dir != null) {
      candidates.add(dir);
    }
    candidates.add(new File("bench/bullmq"));
    try {
      File jar =
          new File(
              BullmqScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      candidates.add(
          new File(jar.getParentFile(), "../../bench/bullmq")); // launcher/target/jobwire.jar
    } catch (Exception e) {
      // not from a jar: the working directory is the only guess
    }
    for (File candidate : candidates) {
      if (new File(candidate, "bench.js").isFile()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "bench/bullmq/bench.js not found: run from the jobwire checkout or pass --bullmq-dir");
  }

  /**
   * {@code npm install}, not {@code npm ci}: it installs the locked versions too, and npm 11's
   * {@code ci} refuses a lock file that leaves out other platforms' optional packages (msgpackr).
   * npm's output goes to stderr (stdout is for the figures) and the committed lock file is put back
   * as it was: a benchmark leaves the checkout clean.
   */
  private void npmInstallIfNeeded(File script) throws IOException, InterruptedException {
    if (new File(script, "node_modules/bullmq").isDirectory()) {
      return;
    }
    System.err.println("bench bullmq: npm install in " + script);
    Path lock = script.toPath().resolve("package-lock.json");
    byte[] locked = Files.exists(lock) ? Files.readAllBytes(lock) : null;
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
            .directory(script)
            .redirectErrorStream(true)
            .start();
    try (var output = npm.getInputStream()) {
      output.transferTo(System.err);
    } finally {
      if (locked != null) {
        Files.write(lock, locked);
      }
    }
    if (npm.waitFor() != 0) {
      throw new IllegalStateException(
          "npm install failed in " + script + " (exit " + npm.exitValue() + ")");
    }
  }

  private JsonNode node(File script, String redisUri, String mode, Object... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(node, "bench.js", mode, "--redis", redisUri));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    Process process =
        new ProcessBuilder(command)
            .directory(script)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          "node bench.js " + mode + " failed (exit " + process.exitValue() + "): " + out);
    }
    return JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
  }
}
