package io.jobwire.launcher.cli;

import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.Limits;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.WampOptions;
import io.jobwire.queue.FlowLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The front end's flags, shared by {@code frontend} and {@code demo}. */
public final class FrontendOptions {

  @Option(
      names = "--host",
      defaultValue = "${env:JOBWIRE_HOST:-127.0.0.1}",
      description =
          "HTTP and WebSocket address to bind (env JOBWIRE_HOST; default ${DEFAULT-VALUE}).")
  public String host;

  @Option(
      names = "--port",
      defaultValue = "${env:JOBWIRE_PORT:-8080}",
      description = "HTTP and WebSocket port (env JOBWIRE_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--ingress",
      defaultValue = "${env:JOBWIRE_INGRESS_BIND:-tcp://127.0.0.1:5555}",
      paramLabel = "ENDPOINT",
      description =
          "ZeroMQ PULL endpoint that workers push results to (env JOBWIRE_INGRESS_BIND; default"
              + " ${DEFAULT-VALUE}).")
  String ingress;

  @Option(
      names = "--reply-to",
      defaultValue = "${env:JOBWIRE_REPLY_TO}",
      paramLabel = "ENDPOINT",
      description =
          "Ingress endpoint as workers on other machines reach it (env JOBWIRE_REPLY_TO; default:"
              + " the bound --ingress).")
  String replyTo;

  @Option(
      names = "--topics",
      defaultValue = "${env:JOBWIRE_TOPICS:-*}",
      paramLabel = "LIST",
      description =
          "Comma-separated topics clients may subscribe to; * allows any (env JOBWIRE_TOPICS;"
              + " default ${DEFAULT-VALUE}).")
  String topics;

  @Option(
      names = "--topics-file",
      defaultValue = "${env:JOBWIRE_TOPICS_FILE}",
      paramLabel = "FILE",
      description =
          "JSON file of per-topic options: {\"TOPIC\": {\"every\": MS, \"shared\": bool,"
              + " \"private\": bool, \"max_attempts\": N, \"timeout\": MS, \"retention\":"
              + " {\"count\": N, \"ms\": MS}, \"max_jobs_per_user\": N, \"scheduled\": bool,"
              + " \"max_running\": N, \"max_running_per_user\": N, \"rate\": \"10/s\"}}"
              + " (env JOBWIRE_TOPICS_FILE). Its topics are added to --topics; its flow limits are"
              + " written to Redis at start; its \"schedules\": [...] are the broker's.")
  public Path topicsFile;

  @Option(
      names = "--allowed-origins",
      defaultValue = "${env:JOBWIRE_ALLOWED_ORIGINS}",
      paramLabel = "LIST",
      description =
          "Comma-separated Origin headers a browser may connect from, e.g."
              + " https://app.example.com (env JOBWIRE_ALLOWED_ORIGINS; default: any).")
  String allowedOrigins;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:JOBWIRE_MAX_CONNECTIONS:-10000}",
      description =
          "Open connections beyond which handshakes get HTTP 503 (env"
              + " JOBWIRE_MAX_CONNECTIONS; default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = {"--auth-timeout-ms", "--auth-timeout"},
      converter = Durations.Millis.class,
      defaultValue = "${env:JOBWIRE_AUTH_TIMEOUT_MS:-5000}",
      description =
          "With --auth token or jwt: close a connection not authenticated this long after it"
              + " opened (env JOBWIRE_AUTH_TIMEOUT_MS; default ${DEFAULT-VALUE}).")
  long authTimeoutMs;

  @Option(
      names = "--max-unauthenticated",
      defaultValue = "${env:JOBWIRE_MAX_UNAUTHENTICATED:-1000}",
      description =
          "With --auth token or jwt: connections still to authenticate, counted apart from"
              + " --max-connections; more get HTTP 503 (env JOBWIRE_MAX_UNAUTHENTICATED; default"
              + " ${DEFAULT-VALUE}).")
  int maxUnauthenticated;

  @Option(
      names = "--handshake-timeout-ms",
      converter = Durations.Millis.class,
      defaultValue = "${env:JOBWIRE_HANDSHAKE_TIMEOUT_MS:-10000}",
      description =
          "An HTTP request or WebSocket handshake must arrive whole this long after it starts,"
              + " and a new TCP connection must start one within it (env"
              + " JOBWIRE_HANDSHAKE_TIMEOUT_MS; default ${DEFAULT-VALUE}).")
  long handshakeTimeoutMs;

  @Option(
      names = "--max-jobs-per-user",
      defaultValue = "${env:JOBWIRE_MAX_JOBS_PER_USER:-100}",
      description =
          "Subscriptions one user (one connection when anonymous) may have with a job queued or"
              + " running; more get too_many_jobs. A topic may set its own max_jobs_per_user in"
              + " --topics-file (env JOBWIRE_MAX_JOBS_PER_USER; default ${DEFAULT-VALUE}).")
  int maxJobsPerUser;

  @Option(
      names = "--idle-timeout-ms",
      converter = Durations.Millis.class,
      defaultValue = "${env:JOBWIRE_IDLE_TIMEOUT_MS:-60000}",
      description =
          "Close a connection silent this long; it is pinged after half of it (env"
              + " JOBWIRE_IDLE_TIMEOUT_MS; default ${DEFAULT-VALUE}).")
  public long idleTimeoutMs;

  @Option(
      names = "--max-outbound-bytes",
      defaultValue = "${env:JOBWIRE_MAX_OUTBOUND_BYTES:-1048576}",
      description =
          "Bytes queued for one client before it is cut off with close code 1008 (env"
              + " JOBWIRE_MAX_OUTBOUND_BYTES; default ${DEFAULT-VALUE}).")
  long maxOutboundBytes;

  @Option(
      names = "--max-outbound-messages",
      defaultValue = "${env:JOBWIRE_MAX_OUTBOUND_MESSAGES:-1000}",
      description =
          "Frames queued for one client before it is cut off (env"
              + " JOBWIRE_MAX_OUTBOUND_MESSAGES; default ${DEFAULT-VALUE}).")
  int maxOutboundMessages;

  @Option(
      names = "--max-subscriptions",
      defaultValue = "${env:JOBWIRE_MAX_SUBSCRIPTIONS:-100}",
      description =
          "Live subscriptions per connection (env JOBWIRE_MAX_SUBSCRIPTIONS; default"
              + " ${DEFAULT-VALUE}).")
  int maxSubscriptions;

  @Option(
      names = "--subscribe-rate",
      defaultValue = "${env:JOBWIRE_SUBSCRIBE_RATE:-20}",
      description =
          "Subscribes per second per connection; more get rate_limited (env"
              + " JOBWIRE_SUBSCRIBE_RATE; default ${DEFAULT-VALUE}).")
  int subscribeRate;

  @Option(
      names = "--subscribe-rate-per-user",
      defaultValue = "${env:JOBWIRE_SUBSCRIBE_RATE_PER_USER:-50}",
      description =
          "Subscribes per second per user, all connections together (env"
              + " JOBWIRE_SUBSCRIBE_RATE_PER_USER; default ${DEFAULT-VALUE}).")
  int subscribeRatePerUser;

  @Option(
      names = "--resume-count",
      defaultValue = "${env:JOBWIRE_RESUME_COUNT:-100}",
      description =
          "Deliveries kept per subscription for a resume (env JOBWIRE_RESUME_COUNT;"
              + " default ${DEFAULT-VALUE}).")
  int resumeCount;

  @Option(
      names = "--resume-ms",
      converter = Durations.Millis.class,
      defaultValue = "${env:JOBWIRE_RESUME_MS:-30000}",
      description =
          "How long deliveries are kept and a subscription outlives its connection;"
              + " 0 = end with the connection (env JOBWIRE_RESUME_MS; default ${DEFAULT-VALUE}).")
  public long resumeMs;

  @Option(
      names = "--wamp-realms",
      defaultValue = "${env:JOBWIRE_WAMP_REALMS}",
      paramLabel = "LIST",
      description =
          "Comma-separated realms a WAMP client (subprotocol wamp.2.json) may join (env"
              + " JOBWIRE_WAMP_REALMS; default: the queue's namespace, main).")
  String wampRealms;

  @Option(
      names = "--wamp-publish-topics",
      defaultValue = "${env:JOBWIRE_WAMP_PUBLISH_TOPICS}",
      paramLabel = "LIST",
      description =
          "Comma-separated topics WAMP clients may PUBLISH to (env JOBWIRE_WAMP_PUBLISH_TOPICS;"
              + " default: none).")
  String wampPublishTopics;

  /** The flow limits the topics file names, by topic (none without a file). */
  public Map<String, FlowLimits> flowLimits() {
    return topicsFile == null ? Map.of() : TopicsFile.limits(topicsFile);
  }

  public FrontendConfig toConfig() {
    return builder().build();
  }

  /** The config these flags give, not yet validated (other flags may still be added). */
  public FrontendConfig.Builder builder() {
    Set<String> topicSet = new LinkedHashSet<>(Arrays.asList(topics.trim().split("\\s*,\\s*")));
    Map<String, TopicOptions> options = topicsFile == null ? Map.of() : TopicsFile.read(topicsFile);
    if (!topicSet.contains(FrontendConfig.ANY_TOPIC)) {
      topicSet.addAll(options.keySet());
    }
    var builder =
        FrontendConfig.builder()
            .host(host)
            .port(port)
            .ingressBind(ingress)
            .topics(topicSet)
            .topicOptions(options)
            .maxSubscriptionsPerConnection(maxSubscriptions)
            .limits(
                Limits.defaults()
                    .withMaxConnections(maxConnections)
                    .withIdleTimeout(Duration.ofMillis(idleTimeoutMs))
                    .withOutbound(maxOutboundBytes, maxOutboundMessages)
                    .withSubscribeRates(subscribeRate, subscribeRatePerUser)
                    .withAuthentication(Duration.ofMillis(authTimeoutMs), maxUnauthenticated)
                    .withHandshakeTimeout(Duration.ofMillis(handshakeTimeoutMs))
                    .withMaxJobsPerUser(maxJobsPerUser))
            .resume(new ResumeWindow(resumeCount, Duration.ofMillis(resumeMs)));
    if (allowedOrigins != null && !allowedOrigins.isBlank()) {
      builder.allowedOrigins(
          new LinkedHashSet<>(Arrays.asList(allowedOrigins.trim().split("\\s*,\\s*"))));
    }
    if (replyTo != null && !replyTo.isBlank()) {
      builder.replyTo(replyTo);
    }
    builder.wamp(new WampOptions(list(wampRealms), list(wampPublishTopics)));
    return builder;
  }

  private static Set<String> list(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank()
        ? Set.of()
        : new LinkedHashSet<>(Arrays.asList(commaSeparated.trim().split("\\s*,\\s*")));
  }
}
