package io.jobwire.launcher.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jobwire.launcher.cli.Durations;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.MonitorJson;
import io.jobwire.queue.MonitorSnapshot.ScheduleInfo;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobwire schedule add|list|remove|run-now}: recurring background jobs. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description =
        "Recurring background jobs, fired by the brokers once per tick however many run (see"
            + " docs/scheduling.md).",
    subcommands = {
      ScheduleCommand.Add.class,
      ScheduleCommand.ListSchedules.class,
      ScheduleCommand.Remove.class,
      ScheduleCommand.RunNow.class
    })
public final class ScheduleCommand {
  private static final Logger log = LoggerFactory.getLogger(ScheduleCommand.class);

  static Schedules open(RedisOption redis) {
    return Schedules.redis(QueueConfig.builder().redisUri(redis.uri).build());
  }

  /**
   * Puts the schedules of a topics file into Redis (at broker start): new or changed ones are
   * written, identical ones keep their next run. Those added at run time are left alone.
   */
  public static void putAll(List<Schedule> fromFile, String redisUri) {
    if (fromFile.isEmpty()) {
      return;
    }
    try (Schedules schedules = Schedules.redis(QueueConfig.builder().redisUri(redisUri).build())) {
      for (Schedule schedule : fromFile) {
        boolean changed = schedules.put(schedule);
        log.info(
            "schedule={} {} from the topics file: topic={} {}",
            schedule.name(),
            changed ? "put" : "unchanged",
            schedule.topic(),
            schedule.describe());
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a schedule, or replace the one of that name. Running brokers pick it up at once.",
        "  jobwire schedule add nightly --topic report --cron '0 3 * * *' --zone Europe/Berlin",
        "  jobwire schedule add warm --topic warm --every 5m --params '{\"all\":true}'"
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "NAME", description = "The schedule's name (topic-name rules).")
    String name;

    @Option(
        names = "--topic",
        defaultValue = "${env:JOBWIRE_SCHEDULE_TOPIC}",
        paramLabel = "T",
        description = "The topic of the jobs it queues; required (env JOBWIRE_SCHEDULE_TOPIC).")
    String topic;

    @Option(
        names = "--cron",
        defaultValue = "${env:JOBWIRE_SCHEDULE_CRON}",
        paramLabel = "EXPR",
        description =
            "Cron expression: five fields (minute hour day month weekday) or six with seconds"
                + " first (env JOBWIRE_SCHEDULE_CRON). Give --cron or --every.")
    String cron;

    @Option(
        names = "--every",
        defaultValue = "${env:JOBWIRE_SCHEDULE_EVERY}",
        converter = Durations.Seconds.class,
        paramLabel = "DURATION",
        description =
            "Fixed interval instead of cron: 30s, 5m, 500ms; a bare number is seconds. Ticks fall"
                + " on whole multiples of it (env JOBWIRE_SCHEDULE_EVERY).")
    Duration every;

    @Option(
        names = "--zone",
        defaultValue = "${env:JOBWIRE_SCHEDULE_ZONE:-UTC}",
        paramLabel = "ZONE",
        description =
            "Time zone the cron expression is read in, e.g. Europe/Berlin (env"
                + " JOBWIRE_SCHEDULE_ZONE; default ${DEFAULT-VALUE}).")
    String zone;

    @Option(
        names = "--misfire",
        defaultValue = "${env:JOBWIRE_SCHEDULE_MISFIRE:-skip}",
        paramLabel = "POLICY",
        description =
            "A tick missed while no broker ran: skip, or run_once for all missed ticks (env"
                + " JOBWIRE_SCHEDULE_MISFIRE; default ${DEFAULT-VALUE}).")
    String misfire;

    @Option(
        names = "--params",
        defaultValue = "${env:JOBWIRE_SCHEDULE_PARAMS}",
        paramLabel = "JSON",
        description = "Each job's params, a JSON object (env JOBWIRE_SCHEDULE_PARAMS; default {}).")
    String params;

    @Override
    public Integer call() {
      Schedule schedule;
      try {
        schedule =
            new Schedule(
                name,
                topic,
                params(),
                cron,
                every,
                ZoneId.of(zone),
                Schedule.Misfire.fromWire(misfire));
      } catch (RuntimeException e) { // bad name, cron, zone, params: say which, change nothing
        spec.commandLine().getErr().println("jobwire schedule add: " + e.getMessage());
        return 2;
      }
      try (Schedules schedules = open(redis)) {
        boolean changed = schedules.put(schedule);
        var next = schedules.get(name).map(s -> ScheduleTable.time(s.nextRun())).orElse("?");
        spec.commandLine()
            .getOut()
            .println(
                (changed ? "scheduled " : "unchanged ")
                    + name
                    + ": "
                    + schedule.describe()
                    + ", next run "
                    + next);
      }
      return 0;
    }

    private JsonNode params() {
      if (params == null || params.isBlank()) {
        return null;
      }
      try {
        return Codec.parse(params);
      } catch (ProtocolException e) {
        throw new IllegalArgumentException("--params is not valid JSON: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Show the schedules: next run, last run and its outcome, runs, skipped ticks.")
  static final class ListSchedules implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Option(
        names = "--json",
        defaultValue = "${env:JOBWIRE_SCHEDULE_JSON:-false}",
        description = "One JSON array instead of a table (env JOBWIRE_SCHEDULE_JSON=true).")
    boolean json;

    @Override
    public Integer call() {
      List<ScheduleInfo> all;
      try (Schedules schedules = open(redis)) {
        all = schedules.list().stream().map(ScheduleInfo::of).toList();
      }
      var out = spec.commandLine().getOut();
      if (json) {
        ArrayNode array = Codec.mapper().createArrayNode();
        all.forEach(s -> array.add(MonitorJson.snake(s)));
        out.println(Codec.encode(array));
      } else {
        out.print(ScheduleTable.of(all));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a schedule. Jobs it already queued stay.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "NAME", description = "The schedule's name.")
    String name;

    @Override
    public Integer call() {
      try (Schedules schedules = open(redis)) {
        if (!schedules.remove(name)) {
          spec.commandLine()
              .getErr()
              .println("no schedule " + name + " (see: jobwire schedule list)");
          return 1;
        }
      }
      spec.commandLine().getOut().println("removed " + name);
      return 0;
    }
  }

  @Command(
      name = "run-now",
      mixinStandardHelpOptions = true,
      description = "Queue a run of a schedule now; its ticks stay as they were.")
  static final class RunNow implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "NAME", description = "The schedule's name.")
    String name;

    @Override
    public Integer call() {
      try (Schedules schedules = open(redis)) {
        var job = schedules.runNow(name);
        if (job.isEmpty()) {
          spec.commandLine()
              .getErr()
              .println("no schedule " + name + " (see: jobwire schedule list)");
          return 1;
        }
        spec.commandLine().getOut().println("queued " + job.get());
      }
      return 0;
    }
  }
}
