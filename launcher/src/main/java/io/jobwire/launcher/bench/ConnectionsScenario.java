package io.jobwire.launcher.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Idle connections with one subscription each, opened by a separate client process (so this
 * process's heap and RSS are the server's alone): memory per connection after GC.
 */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = {
      "Heap and RSS per idle WebSocket connection holding one subscription.",
      "",
      "A child JVM ('bench connections-client') opens up to --count connections from "
          + "source addresses 127.0.0.2..127.0.0.9 (no ephemeral port exhaustion), each "
          + "subscribing to the shared topic bench.hold; it stops at the first failure, e.g. "
          + "the file limit (ulimit -n). This process then runs GC and compares heap used and "
          + "RSS with the figures before. It always runs the in-process layout: the heap is "
          + "read from inside the front end's process."
    })
final class ConnectionsScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--count",
      defaultValue = "19000",
      description = "Connections to try (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--client-heap",
      defaultValue = "2g",
      description = "-Xmx of the client JVM (default ${DEFAULT-VALUE}).")
  String clientHeap;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("connections");
    // The heap and RSS per connection are read from inside the front end's process.
    stack.layout = Layout.IN_PROCESS;
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("connections")) {
      bench.describe(report).setting("count", count);
      long heapBefore = heapAfterGc();
      long rssBefore = rss();
      Process client = startClient(bench.webSocketUrl());
      int open = 0;
      try (var lines =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
        int[] shown = {0};
        progress.show(() -> String.format("%,d connections subscribed", shown[0]));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("open ")) {
            shown[0] = Integer.parseInt(line.substring(5).trim());
          } else if (line.startsWith("done ")) {
            open = Integer.parseInt(line.substring(5).trim());
            break;
          }
        }
        int server = bench.frontend().stats().connections();
        long heapAfter = heapAfterGc();
        long rssAfter = rss();
        report.figure("connections (client)", open, "");
        report.figure("connections (front end)", server, "");
        report.figure("subscriptions (front end)", bench.frontend().stats().subscriptions(), "");
        report.figure(
            "heap per connection", (heapAfter - heapBefore) / 1024.0 / Math.max(1, server), "KB");
        report.figure(
            "RSS per connection", (rssAfter - rssBefore) / 1024.0 / Math.max(1, server), "KB");
        report.figure("heap used after GC", heapAfter / 1024.0 / 1024.0, "MB");
        report.figure("RSS", rssAfter / 1024.0 / 1024.0, "MB");
      } finally {
        client.destroyForcibly().waitFor();
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private Process startClient(String url) throws Exception {
    return ChildJvm.start(
        clientHeap, "connections-client", "--url", url, "--count", String.valueOf(count));
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident set size of this process in bytes (Linux), or 0. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }
}
