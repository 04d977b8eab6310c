package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One shared topic, many subscribers: how long until a published message reaches them all. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description = {
      "Delivery latency of published messages to many subscribers of one topic.",
      "",
      "--subscribers subscriptions over --connections clients to one shared topic "
          + "(bench.hold: one job for all, which blocks), then --messages 'publish' messages "
          + "pushed into the front end's ingress, each once every subscriber has the one "
          + "before (and --interval-ms passed); latency from publish to each subscriber's "
          + "event, and to the last one's."
    })
final class FanoutScenario implements Callable<Integer> {
  private static final int WARMUP_MESSAGES = 5;

  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--subscribers",
      defaultValue = "10000",
      description = "Subscribers of the topic (default ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(
      names = "--connections",
      defaultValue = "20",
      description = "Clients sharing them (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--messages",
      defaultValue = "100",
      description = "Measured messages published (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--interval-ms",
      defaultValue = "20",
      description =
          "Pause after every subscriber has a message, before the next (default ${DEFAULT-VALUE}).")
  int intervalMillis;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("fanout");
    var histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var subscribed = new LongAdder();
    var events = new LongAdder();
    var measuring = new java.util.concurrent.atomic.AtomicBoolean();
    List<WsClient> sockets = new ArrayList<>();
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("fanout");
        var context = new ZContext();
        ZMQ.Socket push = context.createSocket(SocketType.PUSH)) {
      bench.describe(report).setting("subscribers", subscribers);
      report
          .setting("connections", connections)
          .setting("messages", messages)
          .setting("interval_ms", intervalMillis);
      progress.show(
          () -> String.format("%,d subscribed, %,d events", subscribed.sum(), events.sum()));
      for (int c = 0; c < connections; c++) {
        sockets.add(
            WsClient.to(bench.webSocketUrl())
                .onText(
                    frame -> {
                      if (Frames.is(frame, "event")) {
                        long now = System.nanoTime();
                        if (measuring.get()) {
                          histogram.recordValue(Math.max(0, now - Frames.longField(frame, "t")));
                        }
                        events.increment();
                      } else if (Frames.is(frame, "subscribed")) {
                        subscribed.increment();
                      }
                    })
                .connect());
      }
      for (int i = 0; i < subscribers; i++) {
        sockets
            .get(i % connections)
            .send(
                "{\"op\":\"subscribe\",\"ref\":"
                    + i
                    + ",\"topic\":\""
                    + BenchWorker.HOLD
                    + "\",\"params\":{}}");
      }
      awaitCount(subscribed, subscribers, 60, "subscribed");
      push.connect(bench.ingressEndpoint());
      for (int m = 0; m < WARMUP_MESSAGES; m++) {
        publish(push);
        awaitCount(events, (long) (m + 1) * subscribers, 60, "warm-up events");
        TimeUnit.MILLISECONDS.sleep(intervalMillis);
      }
      measuring.set(true);
      var toAll = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
      long busy = 0;
      for (int m = 0; m < messages; m++) {
        long published = System.nanoTime();
        publish(push);
        awaitCount(events, (long) (WARMUP_MESSAGES + m + 1) * subscribers, 60, "events");
        long took = System.nanoTime() - published;
        toAll.recordValue(took);
        busy += took;
        TimeUnit.MILLISECONDS.sleep(intervalMillis);
      }
      report.latencies("publish->event", histogram);
      report.brief("publish->last subscriber has it", toAll);
      report.figure(
          "deliveries while fanning out",
          (double) messages * subscribers / (busy / 1e9),
          "events/s");
    } finally {
      sockets.forEach(WsClient::close);
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private static void publish(ZMQ.Socket push) {
    var data = JsonNodeFactory.instance.objectNode().put("t", System.nanoTime());
    push.send(Codec.encodeBytes(new IngressMessage.Publish(BenchWorker.HOLD, data)));
  }

  private static void awaitCount(LongAdder counter, long target, int seconds, String what)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (counter.sum() < target) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "only " + counter.sum() + " of " + target + " " + what + " within " + seconds + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }
}
