package io.jobwire.launcher.admin;

import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.TopicNames;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.QueueConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jobwire topic pause|resume|paused|limit|limits}: run-time settings of one topic, kept in
 * Redis and applied by every broker at once.
 */
@Command(
    name = "topic",
    mixinStandardHelpOptions = true,
    description =
        "Run-time settings of a topic, kept in Redis and applied by every broker at once: pause or"
            + " resume it, list the paused ones, set or list flow limits.",
    subcommands = {
      TopicCommand.Pause.class,
      TopicCommand.Resume.class,
      TopicCommand.Paused.class,
      TopicLimitCommand.class,
      TopicLimitCommand.Limits.class
    })
public final class TopicCommand {

  static JobQueue open(RedisOption redis) {
    return JobQueue.redis(QueueConfig.builder().redisUri(redis.uri).build());
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = {
        "Pause a topic: its queued jobs wait, new ones are still taken and wait too, running ones"
            + " finish. Holds on every broker until resumed.",
        "  jobwire topic pause report"
      })
  static final class Pause implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "TOPIC", description = "The topic to pause.")
    String topic;

    @Override
    public Integer call() {
      TopicNames.require(topic, "topic");
      try (JobQueue queue = open(redis)) {
        boolean changed = queue.pause(topic);
        spec.commandLine()
            .getOut()
            .println(changed ? "paused " + topic : topic + " was paused already");
      }
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a paused topic: brokers hand out its queued jobs at once.")
  static final class Resume implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "TOPIC", description = "The topic to resume.")
    String topic;

    @Override
    public Integer call() {
      TopicNames.require(topic, "topic");
      try (JobQueue queue = open(redis)) {
        boolean changed = queue.resume(topic);
        spec.commandLine()
            .getOut()
            .println(changed ? "resumed " + topic : topic + " was not paused");
      }
      return 0;
    }
  }

  @Command(
      name = "paused",
      mixinStandardHelpOptions = true,
      description = "List the paused topics, one a line.")
  static final class Paused implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Override
    public Integer call() {
      try (JobQueue queue = open(redis)) {
        queue.paused().forEach(spec.commandLine().getOut()::println);
      }
      return 0;
    }
  }
}
