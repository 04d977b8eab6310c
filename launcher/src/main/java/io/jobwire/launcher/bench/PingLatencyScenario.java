package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import io.jobwire.launcher.cli.TlsCaOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One subscription at a time: subscribe → subscribed → result → unsubscribed. */
@Command(
    name = "ping-latency",
    mixinStandardHelpOptions = true,
    description = {
      "Sequential subscribe -> result round trips, one at a time.",
      "",
      "Times subscribe -> subscribed and subscribe -> result, one at a time, over a "
          + "real WebSocket: topic 'ping' with count 0 against --url, else bench.echo on its "
          + "own stack."
    })
final class PingLatencyScenario implements Callable<Integer> {
  @Mixin StackOptions stack;
  @Mixin TlsCaOption tls;

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "A running front end's ws:// or wss:// URL (its workers serve 'ping'; see --tls-ca).")
  String url;

  @Option(
      names = "--count",
      defaultValue = "100",
      description = "Measured round trips (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--warmup",
      defaultValue = "50",
      description = "Unmeasured round trips first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("ping-latency");
    var subscribed = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    var result = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    BenchStack bench = url == null ? BenchStack.start(stack, stack.capacity) : null;
    String target = url != null ? url : bench.webSocketUrl();
    String subscribe =
        url != null
            ? "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":0}}"
            : "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\""
                + BenchWorker.ECHO
                + "\",\"params\":{}}";
    try (var progress = Progress.start("ping-latency");
        var client = WsClient.connect(target, tls.sslContext())) {
      if (bench != null) {
        bench.describe(report);
      } else {
        report.setting("layout", "given front end");
      }
      report.setting("target", url != null ? url : "own stack").setting("count", count);
      client.next("welcome", Duration.ofSeconds(5));
      int[] done = {0};
      progress.show(() -> done[0] + "/" + (warmup + count) + " round trips");
      for (int i = 0; i < warmup + count; i++) {
        long start = System.nanoTime();
        client.send(subscribe.formatted(i));
        String sub = client.next("subscribed", Duration.ofSeconds(10)).path("sub").asText();
        long toSubscribed = System.nanoTime() - start;
        client.next(
            frame ->
                "result".equals(frame.path("op").asText())
                    && sub.equals(frame.path("sub").asText()),
            Duration.ofSeconds(10));
        long toResult = System.nanoTime() - start;
        if (i >= warmup) {
          subscribed.recordValue(toSubscribed);
          result.recordValue(toResult);
        }
        done[0] = i + 1;
      }
    } finally {
      if (bench != null) {
        bench.close();
      }
    }
    report.latencies("subscribe->subscribed", subscribed).latencies("subscribe->result", result);
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }
}
