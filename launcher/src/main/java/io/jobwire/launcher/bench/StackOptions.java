package io.jobwire.launcher.bench;

import picocli.CommandLine.Option;

/** Flags every scenario shares: where Redis is, how the no-op worker runs, how to print. */
final class StackOptions {

  @Option(
      names = "--redis",
      paramLabel = "URI",
      defaultValue = "${env:JOBWIRE_BENCH_REDIS}",
      description =
          "A running Redis to use (env JOBWIRE_BENCH_REDIS); default: start redis-server from the"
              + " PATH on a free port, else an embedded one. Its jobwire keys are not cleaned.")
  String redis;

  @Option(
      names = "--capacity",
      defaultValue = "${env:JOBWIRE_BENCH_CAPACITY:-50}",
      description =
          "Jobs the bench worker runs at once (env JOBWIRE_BENCH_CAPACITY; default ${DEFAULT-VALUE}, BullMQ's concurrency).")
  int capacity;

  @Option(
      names = "--json",
      description = "Print the figures as one JSON object instead of a table.")
  boolean json;
}
