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
        for (int i = 0; i < count; i++) {
          nanos[i] = roundTrip(client, warmup + i);
          if ((i + 1) % Math.max(1, count / 10) == 0) {
            System.err.printf("\r%d/%d round trips", i + 1, count);
          }
        }
        System.err.println();
        print(target, nanos);
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

    private static long roundTrip(WsClient client, int ref) throws Exception {
      long start = System.nanoTime();
      client.send("{\"op\":\"subscribe\",\"ref\":" + ref + ",\"topic\":\"ping\",\"params\":{\"count\":0}}");
      String sub = client.next("subscribed", Duration.ofSeconds(10)).path("sub").asText();
      client.next(
          frame -> "result".equals(frame.path("op").asText()) && sub.equals(frame.path("sub").asText()),
          Duration.ofSeconds(10));
      return System.nanoTime() - start;
    }

    private void print(String target, long[] nanos) {
      Arrays.sort(nanos);
      System.out.printf("ping count=0, subscribe -> result, %d sequential round trips against %s%n", count, target);
      System.out.printf("  %-6s %10s%n", "", "ms");
      for (double p : new double[] {0.50, 0.90, 0.99, 1.0}) {
        int index = (int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1);
        String name = p == 1.0 ? "max" : "p" + (int) (p * 100);
        System.out.printf("  %-6s %10.3f%n", name, nanos[Math.max(0, index)] / 1e6);
      }
    }
  }
}
