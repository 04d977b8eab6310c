package io.jobwire.launcher.service;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.launcher.admin.ScheduleCommand;
import io.jobwire.launcher.cli.AwaitShutdown;
import io.jobwire.launcher.cli.BrokerHttpOption;
import io.jobwire.launcher.cli.BrokerOptions;
import io.jobwire.launcher.cli.CommonOptions;
import io.jobwire.launcher.cli.CurveOptions;
import io.jobwire.launcher.cli.MaxMessageOption;
import io.jobwire.launcher.cli.ReadyLine;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.launcher.cli.TlsOptions;
import io.jobwire.launcher.cli.TopicsFile;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import io.jobwire.queue.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobwire broker}: the job broker alone. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run the job broker: hands queued jobs to the workers that connect to it.")
public final class BrokerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BrokerCommand.class);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RedisOption redis;
  @Mixin BrokerOptions options;
  @Mixin BrokerHttpOption http;
  @Mixin TlsOptions tls;
  @Mixin CurveOptions.Broker curve;
  @Mixin MaxMessageOption maxMessage;

  @Option(
      names = "--topics-file",
      defaultValue = "${env:JOBWIRE_TOPICS_FILE}",
      paramLabel = "FILE",
      description =
          "The topics file the front end reads; the broker takes its \"schedules\": [...] and"
              + " puts them into Redis at start (env JOBWIRE_TOPICS_FILE). See"
              + " docs/scheduling.md.")
  Path topicsFile;

  @Override
  public Integer call() throws Exception {
    common.applyLogLevel();
    BrokerConfig config;
    List<Schedule> schedules;
    try {
      config =
          options
              .toConfig()
              .redisUri(redis.uri)
              .tls(tls.toConfig())
              .curve(curve.toConfig())
              .maxMessageBytes(maxMessage.bytes)
              .build();
      schedules = topicsFile == null ? List.of() : TopicsFile.schedules(topicsFile);
    } catch (IllegalArgumentException e) { // a setting that does not fit: say which, start nothing
      spec.commandLine().getErr().println("jobwire broker: " + e.getMessage());
      return 2;
    }
    var shutdown = new AwaitShutdown();
    Broker broker;
    try {
      ScheduleCommand.putAll(schedules, redis.uri);
      broker = shutdown.own(Broker.start(config));
      Monitor monitor =
          shutdown.own(Monitor.redis(QueueConfig.builder().redisUri(redis.uri).build()));
      var endpoint = http.start(broker, monitor, config.tls());
      if (endpoint != null) {
        shutdown.own(endpoint);
      }
    } catch (RuntimeException e) {
      shutdown.closeAll(); // e.g. a bad TLS file: stop what started, then say why
      throw e;
    }
    String redacted = RedisConnections.redacted(redis.uri);
    shutdown.own(
        ReadyLine.announce(
            "broker endpoint=" + broker.endpoint(),
            redis.uri,
            () -> log.info("broker ready endpoint={} redis={}", broker.endpoint(), redacted)));
    shutdown.await();
    return 0;
  }
}
