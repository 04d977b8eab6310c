package io.jobwire.frontend.internal.cluster;

import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.ingress.IngressInbox;
import io.jobwire.frontend.internal.lifecycle.Peers;
import io.jobwire.frontend.internal.lifecycle.Runs;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.frontend.internal.subscription.WriteThrough;
import io.jobwire.queue.JobQueue;
import io.jobwire.runtime.NamedThreads;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The first half of this front end among the others: what the subscriptions and streams use (the
 * history writer, releases, shared streams), built before them. Owns the {@code jobwire-cluster}
 * thread and the Redis connections of {@link ClusterStore}; {@link FrontendCluster}, built after
 * the subscriptions, adds the channels and the takeovers and closes both.
 */
public final class ClusterPeers implements Peers, AutoCloseable {
  final FrontendConfig config;
  final ClusterStore store;
  final ScheduledThreadPoolExecutor executor;
  final HistoryWriter writer;
  final SharedStreams shared;
  private final Releases releases;

  /**
   * {@code inbox}: how Redis's answers reach {@code jobwire-ingress}; {@code runs}: how a shared
   * stream's holder queues its runs; {@code replyTo}: where its jobs' messages go.
   */
  public ClusterPeers(
      FrontendConfig config,
      SubscriptionRegistry registry,
      JobQueue queue,
      IngressInbox inbox,
      Runs runs,
      Supplier<String> replyTo) {
    this.config = config;
    this.store = new ClusterStore(config.cluster(), config.frontendId());
    this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreads("jobwire-cluster"));
    this.writer = new HistoryWriter(store, inbox::wake);
    this.shared =
        new SharedStreams(
            config.frontendId(),
            store,
            executor,
            registry,
            queue,
            writer,
            config.clock(),
            inbox,
            runs,
            replyTo);
    this.releases = new Releases(store, executor);
  }

  @Override
  public boolean historyInRedis() {
    return config.cluster().history() == ClusterConfig.History.REDIS;
  }

  @Override
  public WriteThrough writer() {
    return writer;
  }

  @Override
  public void release(String subId, Runnable cancel) {
    releases.release(subId, cancel);
  }

  @Override
  public void sharedJoined(JobStream stream) {
    shared.joined(stream);
  }

  @Override
  public void sharedStarted(JobStream stream, String job) {
    shared.started(stream, job);
  }

  @Override
  public void sharedDone(JobStream stream) {
    shared.done(stream);
  }

  @Override
  public void sharedLeft(JobStream stream, String job, Runnable cancel) {
    shared.left(stream, job, cancel);
  }

  /** Stops {@code jobwire-cluster} (letting queued calls finish briefly) and the connections. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    store.close();
  }
}
