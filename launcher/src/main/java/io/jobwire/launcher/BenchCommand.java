package io.jobwire.launcher;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire bench}: benchmarks that print figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.PingLatency.class})
final class BenchCommand {

  /** One subscription at a time, {@code ping} with {@code count:0}: subscribe → result. */
  @Command(
      name = "ping-latency",
      mixinStandardHelpOptions = true,
      description = {
        "Time subscribe -> result for 'ping' with count 0, one at a time, over a real WebSocket.",
        "Starts its own Redis, broker, front end and workers unless --url names a running front end."
      })
  static final class PingLatency implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--url", paramLabel = "URL", description = "A running front end's ws:// URL.")
    String url;

    @Option(names = "--count", defaultValue = "100", description = "Measured round trips (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured round trips first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
      common.logLevel = "warn";
      common.applyLogLevel();
      LocalStack stack = url == null ? startStack() : null;
      String target = url != null ? url : stack.webSocketUrl("127.0.0.1");
      try (var client = WsClient.connect(target)) {
        client.next("welcome", Duration.ofSeconds(5));
        for (int i = 0; i < warmup; i++) {
          roundTrip(client, i);
        }
        long[] nanos = new long[count];
        long[] subscribedNanos = new long[count];
        for (int i = 0; i < count; i++) {
          long[] trip = roundTrip(client, warmup + i);
          subscribedNanos[i] = trip[0];
          nanos[i] = trip[1];
          if ((i + 1) % Math.max(1, count / 10) == 0) {
            System.err.printf("\r%d/%d round trips", i + 1, count);
          }
        }
        System.err.println();
        print(target, subscribedNanos, nanos);
      } finally {
        if (stack != null) {
          stack.close();
        }
      }
      return 0;
    }

    private static LocalStack startStack() throws Exception {
      return LocalStack.start(
          null,
          BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
          FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").topics(Set.of("*")).build(),
          broker -> {
            var options = new WorkerOptions();
            options.capacity = 16;
            return options.build(broker);
          });
    }

    /** Nanoseconds from sending subscribe to {@code subscribed}, and to {@code result}. */
    private static long[] roundTrip(WsClient client, int ref) throws Exception {
      long start = System.nanoTime();
      client.send("{\"op\":\"subscribe\",\"ref\":" + ref + ",\"topic\":\"ping\",\"params\":{\"count\":0}}");
      String sub = client.next("subscribed", Duration.ofSeconds(10)).path("sub").asText();
      long subscribed = System.nanoTime() - start;
      client.next(
          frame -> "result".equals(frame.path("op").asText()) && sub.equals(frame.path("sub").asText()),
          Duration.ofSeconds(10));
      long result = System.nanoTime() - start;
      client.send("{\"op\":\"unsubscribe\",\"sub\":\"" + sub + "\"}");
      client.next("unsubscribed", Duration.ofSeconds(10));
      return new long[] {subscribed, result};
    }

    private void print(String target, long[] subscribed, long[] result) {
      Arrays.sort(subscribed);
      Arrays.sort(result);
      System.out.printf("ping count=0, %d sequential subscriptions against %s%n", count, target);
      System.out.printf("  %-6s %14s %14s%n", "", "->subscribed", "->result");
      for (double p : new double[] {0.50, 0.90, 0.99, 1.0}) {
        String name = p == 1.0 ? "max" : "p" + (int) (p * 100);
        System.out.printf(
            "  %-6s %11.3f ms %11.3f ms%n", name, percentile(subscribed, p) / 1e6, percentile(result, p) / 1e6);
      }
    }

    private static long percentile(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }
}
