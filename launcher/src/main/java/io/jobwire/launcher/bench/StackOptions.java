package io.jobwire.launcher.bench;

import picocli.CommandLine.Option;

/**
 * Flags every scenario shares: how the parts run, where Redis is, how the no-op worker runs, how to
 * print.
 */
final class StackOptions {

  @Option(
      names = "--layout",
      paramLabel = "LAYOUT",
      defaultValue = "${env:JOBWIRE_BENCH_LAYOUT:-production}",
      converter = Layout.Converter.class,
      description =
          "production: broker, front end (--history redis) and worker each in a JVM of its own,"
              + " as scripts/jobwire starts them, the client in this one; in-process: all in this"
              + " JVM, history in memory (env JOBWIRE_BENCH_LAYOUT; default ${DEFAULT-VALUE}).")
  Layout layout;

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
