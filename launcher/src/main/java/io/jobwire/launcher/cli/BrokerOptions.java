package io.jobwire.launcher.cli;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.queue.TopicPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The broker's flags, shared by {@code broker} and {@code demo}. */
public final class BrokerOptions {

  @Option(
      names = "--bind",
      defaultValue = "${env:JOBWIRE_BROKER_BIND:-tcp://127.0.0.1:5556}",
      paramLabel = "ENDPOINT",
      description =
          "ZeroMQ ROUTER endpoint workers connect to (env JOBWIRE_BROKER_BIND; default"
              + " ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--retry",
      split = ";",
      paramLabel = "TOPIC=BASE,CAP,MAX",
      defaultValue = "${env:JOBWIRE_RETRY}",
      description =
          "Retry policy of a topic: backoff base, backoff cap, max attempts, e.g."
              + " --retry 'mail=2s,5m,8'; repeat or separate by ';' (env JOBWIRE_RETRY)."
              + " Other topics: 1s,60s,3.")
  Map<String, String> retry = new LinkedHashMap<>();

  @Option(
      names = "--keep-finished",
      split = ";",
      paramLabel = "TOPIC=DURATION",
      defaultValue = "${env:JOBWIRE_KEEP_FINISHED}",
      description =
          "How long a topic's finished jobs keep their record (state, attempts, error, times; no"
              + " payload) for status and the dashboard, e.g. --keep-finished 'chat=0;report=1d';"
              + " 0 keeps nothing. Repeat or separate by ';' (env JOBWIRE_KEEP_FINISHED). Other"
              + " topics: 1h. Dead letters keep their payload 7 days whatever the topic.")
  Map<String, String> keepFinished = new LinkedHashMap<>();

  /** The broker's config, still to be given a Redis URI. */
  public BrokerConfig.Builder toConfig() {
    var builder = BrokerConfig.builder().bind(bind);
    if (retry != null) {
      retry.forEach((topic, policy) -> builder.topicPolicy(topic, TopicPolicy.parse(policy)));
    }
    if (keepFinished != null) {
      keepFinished.forEach(
          (topic, keep) ->
              builder.retention(
                  topic, keep.strip().equals("0") ? Duration.ZERO : TopicPolicy.duration(keep)));
    }
    return builder;
  }
}
