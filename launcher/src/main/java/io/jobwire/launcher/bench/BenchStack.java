package io.jobwire.launcher.bench;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.Limits;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.launcher.service.EmbeddedRedis;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.MonitorSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario runs against, in its {@link Layout}: Redis (see {@link EmbeddedRedis} unless
 * {@code --redis}), a broker, a front end with limits generous enough that the bench, not a rate
 * limit, is what saturates, and a {@link BenchWorker}; in-process, or each in a JVM of its own (see
 * {@link ProductionParts}). The bench's client, and a {@link JobQueue} for the queue-only figures,
 * are always in this process. Closes in reverse start order.
 */
final class BenchStack implements AutoCloseable {
  /** Subscriptions one bench connection may hold; the front end's default (100) is per person. */
  static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 20_000;

  private final List<AutoCloseable> parts = new ArrayList<>();

  /** Ctrl-C or SIGTERM mid-run: stop the parts too, or redis-server outlives us. */
  private final Thread onShutdown = new Thread(this::close, "bench-stop");

  private final Layout layout;
  private String redisUri;
  private String redisKind;
  private Broker broker;
  private JobQueue queue;
  private Frontend frontend;
  private ProductionParts processes;

  private final int topics;

  private BenchStack(Layout layout, int topics) {
    this.layout = layout;
    this.topics = Math.max(1, topics);
  }

  /** Redis, broker, front end and a bench worker of {@code capacity}, in {@code options.layout}. */
  static BenchStack start(StackOptions options, int capacity) throws Exception {
    var stack = new BenchStack(options.layout, options.topics);
    Runtime.getRuntime().addShutdownHook(stack.onShutdown);
    try {
      if (options.redis != null && !options.redis.isBlank()) {
        stack.redisUri = options.redis;
        stack.redisKind = "given";
      } else if (options.cluster > 0) {
        LocalCluster cluster = stack.own(LocalCluster.start(options.cluster));
        stack.redisUri = cluster.uri();
        stack.redisKind = "redis-server cluster of " + options.cluster + " masters";
      } else {
        EmbeddedRedis redis = stack.own(EmbeddedRedis.start(0, true));
        stack.redisUri = redis.uri();
        stack.redisKind = redis.kind();
      }
      stack.queue = stack.own(JobQueue.redis(stack.redisUri));
      if (stack.layout == Layout.PRODUCTION) {
        stack.processes =
            stack.own(ProductionParts.start(stack.redisUri, capacity, stack.topics, stack.queue));
        return stack;
      }
      stack.broker =
          stack.own(
              Broker.start(
                  BrokerConfig.builder()
                      .bind("tcp://127.0.0.1:*")
                      .redisUri(stack.redisUri)
                      .build()));
      stack.frontend = stack.own(Frontend.start(frontendConfig(), stack.queue));
      stack.own(BenchWorker.build(stack.broker.endpoint(), capacity, stack.topics)).start();
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private static FrontendConfig frontendConfig() {
    Limits limits =
        Limits.defaults()
            .withMaxConnections(100_000)
            .withIdleTimeout(Duration.ofMinutes(10))
            .withOutbound(256L * 1024 * 1024, 1_000_000)
            .withSubscribeRates(10_000_000, 10_000_000)
            .withMaxJobsPerUser(MAX_SUBSCRIPTIONS_PER_CONNECTION);
    return FrontendConfig.builder()
        .port(0)
        .ingressBind("tcp://127.0.0.1:*")
        .topics(Set.of(FrontendConfig.ANY_TOPIC))
        .maxSubscriptionsPerConnection(MAX_SUBSCRIPTIONS_PER_CONNECTION)
        .limits(limits)
        .topic(BenchWorker.HOLD, TopicOptions.DEFAULTS.withShared(true, false))
        .build();
  }

  <T extends AutoCloseable> T own(T part) {
    parts.add(part);
    return part;
  }

  Layout layout() {
    return layout;
  }

  /** The echo topics the bench worker serves (see {@link BenchWorker#echo}). */
  int topics() {
    return topics;
  }

  /** The settings every report starts with: the layout, then where Redis came from. */
  Report describe(Report report) {
    report.setting("layout", layout.label()).setting("redis", redisKind);
    return topics > 1 ? report.setting("topics", topics) : report;
  }

  String redisUri() {
    return redisUri;
  }

  /** redis-server, embedded or given. */
  String redisKind() {
    return redisKind;
  }

  /** The broker, in process; null in the production layout (use {@link #queue()}'s monitor). */
  Broker broker() {
    return broker;
  }

  JobQueue queue() {
    return queue;
  }

  /**
   * Jobs running now: the broker's own count in process (a volatile read), else Redis's (the
   * monitor's snapshot: a few Redis calls).
   */
  long runningJobs() {
    if (broker != null) {
      return broker.stats().running();
    }
    return queue.monitor().snapshot().queues().stream()
        .mapToLong(MonitorSnapshot.QueueInfo::running)
        .sum();
  }

  /** The front end, in process; null in the production layout. */
  Frontend frontend() {
    return frontend;
  }

  String webSocketUrl() {
    int port = frontend != null ? frontend.httpPort() : processes.httpPort();
    return "ws://127.0.0.1:" + port + "/ws";
  }

  /**
   * Context switches so far of each server process (production layout, Linux), by part name; empty
   * in process, where the client's threads would count too.
   */
  Map<String, Long> contextSwitches() {
    return processes != null ? processes.contextSwitches() : Map.of();
  }

  /** The front end's PULL socket, where workers push. */
  String ingressEndpoint() {
    return frontend != null ? frontend.ingressEndpoint() : processes.ingressEndpoint();
  }

  @Override
  public synchronized void close() {
    if (Thread.currentThread() != onShutdown) {
      try {
        Runtime.getRuntime().removeShutdownHook(onShutdown);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook closes the same parts, one of us after the other
      }
    }
    List<AutoCloseable> reversed = new ArrayList<>(parts);
    Collections.reverse(reversed);
    parts.clear();
    for (AutoCloseable part : reversed) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println(
            "bench: error while stopping " + part.getClass().getSimpleName() + ": " + e);
      }
    }
  }
}
