package io.jobwire.launcher.admin;

import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.QueueConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobwire topic limit NAME ...}: a topic's flow limits (see docs/scheduling.md). */
@Command(
    name = "limit",
    mixinStandardHelpOptions = true,
    description = {
      "Set a topic's flow limits, enforced by every broker at once; jobs held back stay queued."
          + " Flags left out keep their value; 0 lifts that limit.",
      "  jobwire topic limit render --max-running 2 --rate 10/s",
      "  jobwire topic limit render --max-running-per-user 1",
      "  jobwire topic limit render --none"
    })
final class TopicLimitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Parameters(paramLabel = "TOPIC", description = "The topic to limit.")
  String topic;

  @Option(
      names = "--max-running",
      paramLabel = "N",
      defaultValue = "${env:JOBWIRE_TOPIC_MAX_RUNNING}",
      description =
          "At most N jobs of the topic run at once, across all brokers and workers; 0: no limit"
              + " (env JOBWIRE_TOPIC_MAX_RUNNING).")
  Integer maxRunning;

  @Option(
      names = "--max-running-per-user",
      paramLabel = "N",
      defaultValue = "${env:JOBWIRE_TOPIC_MAX_RUNNING_PER_USER}",
      description =
          "At most N jobs of one user of the topic run at once (jobs without a user are not"
              + " counted per user); 0: no limit (env JOBWIRE_TOPIC_MAX_RUNNING_PER_USER).")
  Integer maxRunningPerUser;

  @Option(
      names = "--rate",
      paramLabel = "JOBS/WINDOW",
      defaultValue = "${env:JOBWIRE_TOPIC_RATE}",
      description =
          "At most this many jobs of the topic start per window: 10/s, 600/m, 5/250ms; 0: no"
              + " limit (env JOBWIRE_TOPIC_RATE).")
  String rate;

  @Option(
      names = "--none",
      defaultValue = "${env:JOBWIRE_TOPIC_NO_LIMITS:-false}",
      description = "Lift every limit of the topic (env JOBWIRE_TOPIC_NO_LIMITS=true).")
  boolean none;

  @Override
  public Integer call() {
    try { // a bad value is a bad flag (exit 2), found before Redis is asked
      apply(FlowLimits.NONE);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try (FlowControl flow = open(redis)) {
      FlowLimits limits = apply(none ? FlowLimits.NONE : flow.get(topic));
      flow.set(topic, limits);
      PrintWriter out = spec.commandLine().getOut();
      out.println("topic=" + topic + " limits: " + limits);
      out.flush();
    }
    return 0;
  }

  /** {@code limits} with the flags given set. */
  private FlowLimits apply(FlowLimits limits) {
    if (maxRunning != null) {
      limits = limits.withMaxRunning(maxRunning);
    }
    if (maxRunningPerUser != null) {
      limits = limits.withMaxRunningPerUser(maxRunningPerUser);
    }
    if (rate != null) {
      limits = limits.withRate(rate);
    }
    return limits;
  }

  static FlowControl open(RedisOption redis) {
    return FlowControl.redis(QueueConfig.builder().redisUri(redis.uri).build());
  }

  /** {@code jobwire topic limits}: every limited topic and how many of its jobs run. */
  @Command(
      name = "limits",
      mixinStandardHelpOptions = true,
      description = "List the topics with flow limits and how many of their jobs run now.")
  static final class Limits implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (FlowControl flow = open(redis)) {
        var limited = flow.limited();
        if (limited.isEmpty()) {
          out.println(
              "no topic has flow limits (set one: jobwire topic limit NAME --max-running N)");
        }
        limited
            .values()
            .forEach(t -> out.println(t.topic() + "  " + t.limits() + "  running=" + t.running()));
      }
      out.flush();
      return 0;
    }
  }
}
