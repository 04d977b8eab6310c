package io.jobwire.launcher.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code jobwire bench}: scenarios that start what they need, show a progress line on stderr and
 * print a table (or {@code --json}) on stdout. See docs/benchmarks.md for the figures.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks that print figures (a table, or --json) and a progress line on stderr.",
      "",
      "Each scenario starts Redis (redis-server from the PATH, else embedded; or "
          + "--redis URI), a broker, a front end with generous limits and a no-op worker in "
          + "this process. Run them on a quiet machine; quote medians of several runs. See "
          + "docs/benchmarks.md."
    },
    subcommands = {
      ThroughputScenario.class,
      LatencyScenario.class,
      LoopScenario.class,
      LoopPinger.class,
      FanoutScenario.class,
      BullmqScenario.class,
      ConnectionsScenario.class,
      ConnectionsClient.class,
      PingLatencyScenario.class,
      RedisCostScenario.class,
      FairnessScenario.class,
      BenchWorkerCommand.class,
    })
public final class BenchCommand {

  /** Benchmarks log only warnings: log lines would interleave with the progress line. */
  static void quietLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
  }
}
