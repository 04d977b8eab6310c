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
      names = "--cluster",
      paramLabel = "MASTERS",
      defaultValue = "${env:JOBWIRE_BENCH_CLUSTER:-0}",
      description =
          "Without --redis: start a Redis Cluster of this many masters (redis-server and redis-cli"
              + " from the PATH, loopback ports, no replicas) instead of one redis-server; 0 = one"
              + " server (env JOBWIRE_BENCH_CLUSTER; default ${DEFAULT-VALUE}).")
  int cluster;

  @Option(
      names = "--topics",
      defaultValue = "${env:JOBWIRE_BENCH_TOPICS:-1}",
      description =
          "Queue-only jobs go round-robin to this many topics, all served by the bench worker; each"
              + " topic's keys have a hash tag of their own, so a cluster spreads them over its"
              + " masters (env JOBWIRE_BENCH_TOPICS; default ${DEFAULT-VALUE}).")
  int topics;

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
