package io.jobwire.frontend.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.cluster.FrontendCluster;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.frontend.internal.subscription.BatchFinish;
import io.jobwire.frontend.internal.subscription.Restored;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import io.jobwire.runtime.Ids;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts job streams, queues their runs and ends them. The next run of a recurring topic is queued
 * on {@code jobwire-timer} once the previous run ended and its period has passed, so runs of one
 * stream never overlap and a slow run delays the next instead of piling them up.
 */
public final class Streams implements Enqueuer.Outcome {
  private static final Logger log = LoggerFactory.getLogger(Streams.class);

  /** How long a scheduled topic's runs keep coming here after the last renewal. */
  static final long ROUTE_LEASE_MILLIS = SharedStreams.LEASE_MILLIS;

  /** Shared streams are keyed by what makes their jobs identical. */
  private record ShareKey(String topic, JsonNode params, String user) {}

  private final FrontendConfig config;
  private final String replyTo;
  private final SubscriptionRegistry registry;
  private final QueueCalls calls;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private Enqueuer enqueuer;
  private FrontendCluster cluster;
  private Consumer<Subscription> onFinished = sub -> {};
  private Consumer<Subscription> onEnding = sub -> {};
  private java.util.function.BiConsumer<Subscription, String> onQueueFailed = (sub, why) -> {};

  public Streams(
      FrontendConfig config,
      String replyTo,
      SubscriptionRegistry registry,
      QueueCalls calls,
      ScheduledExecutorService timer) {
    this.config = config;
    this.replyTo = replyTo;
    this.registry = registry;
    this.calls = calls;
    this.timer = timer;
    this.clock = config.clock();
  }

  public void useEnqueuer(Enqueuer value) {
    enqueuer = value;
  }

  /** With other front ends: a stream's job is only cancelled if its state is still ours. */
  public void useCluster(FrontendCluster value) {
    cluster = value;
  }

  /**
   * On {@code jobwire-ingress}: a subscription taken over from another front end gets its stream
   * back (same id, so its job's messages route here); a recurring one runs on from here.
   */
  public void adopt(Subscription sub, Restored restored) {
    TopicOptions options = config.optionsOf(sub.topic());
    if (options.shared()) {
      // A member joins the topic's shared stream here (same id on every front end), unless it
      // saw its one-shot end already: then it only waits for its window to pass.
      if (!sub.isFinished()) {
        joinShared(sub, restored.params(), sub.owner());
      }
      return;
    }
    String id = restored.streamId();
    JobStream stream =
        new JobStream(
            id, null, request(id, sub.topic(), restored.params(), sub.owner(), options), options);
    stream.restore(sub, restored.job(), restored.jobDone(), clock.millis());
    registry.addStream(stream);
    sub.useStream(stream);
    if (stream.phase() == JobStream.Phase.WAITING) {
      scheduleNextRun(stream);
    }
  }

  /** Another front end took the subscription over: it leaves its stream, whose job runs on. */
  public void drop(Subscription sub) {
    JobStream stream = sub.stream();
    if (stream != null && stream.leave(sub)) {
      registry.removeStream(stream);
      stream.close();
      if (cluster != null && stream.shareKey() != null) {
        cluster.shared().left(stream, null, null); // the new owner follows it: never cancelled
      }
    }
  }

  /**
   * Who hears that a one-shot member is about to get its final message ({@code ending}), that it
   * got it ({@code finished}), or that a first run could not be queued.
   */
  public void listen(
      Consumer<Subscription> ending,
      Consumer<Subscription> finished,
      java.util.function.BiConsumer<Subscription, String> queueFailed) {
    onEnding = ending;
    onFinished = finished;
    onQueueFailed = queueFailed;
  }

  /** Puts a new subscription on a stream: its own, or the topic's shared one. */
  public void join(Subscription sub, JsonNode params, String user) {
    join(sub, params, user, null, false);
  }

  /**
   * The same; {@code deadline} (epoch ms, or null) bounds the job of a stream of its own, before
   * the topic's {@code timeout} does. A shared stream's job is everyone's: it keeps the topic's.
   * {@code once}: a stream of its own runs one job even on a recurring topic (a WAMP call), so no
   * next run is queued behind its result.
   */
  public void join(Subscription sub, JsonNode params, String user, Long deadline, boolean once) {
    TopicOptions options = config.optionsOf(sub.topic());
    if (!options.shared()) {
      if (once) {
        options = options.withEvery(null);
      }
      JobRequest own = request(sub.id(), sub.topic(), params, user, options).withDeadline(deadline);
      JobStream stream = new JobStream(sub.id(), null, own, options);
      registry.addStream(stream);
      sub.useStream(stream);
      stream.join(sub);
      enqueue(stream);
      return;
    }
    joinShared(sub, params, user);
  }

  /**
   * Puts a batch subscription on a stream of its own: one job per params object in {@code batch},
   * its children's messages and the batch's progress routed to it; the batch id stands for its job.
   */
  public void joinBatch(Subscription sub, List<JsonNode> batch, String user, Long deadline) {
    TopicOptions options = config.optionsOf(sub.topic());
    JobRequest each = request(sub.id(), sub.topic(), null, user, options).withDeadline(deadline);
    JobStream stream = new JobStream(sub.id(), null, each, options, new BatchFinish());
    registry.addStream(stream);
    sub.useStream(stream);
    stream.join(sub);
    enqueue(stream, batch);
  }

  private void joinShared(Subscription sub, JsonNode given, String user) {
    TopicOptions options = config.optionsOf(sub.topic());
    // As the job will have them (and as another front end restores them): none = {}.
    // A scheduled topic's runs are its schedules', params and all: one stream for everyone.
    JsonNode params =
        given == null || given.isNull() || options.scheduled()
            ? Codec.mapper().createObjectNode()
            : given;
    ShareKey key = new ShareKey(sub.topic(), params, options.perUser() ? user : null);
    while (true) {
      JobStream[] created = new JobStream[1];
      JobStream stream =
          registry.sharedStream(
              key,
              () -> {
                String id =
                    cluster != null
                        ? Ids.sharedStream(sub.topic(), params, key.user())
                        : Ids.subscription();
                created[0] =
                    new JobStream(
                        id, key, request(id, sub.topic(), params, key.user(), options), options);
                return created[0];
              });
      if (stream.join(sub)) {
        sub.useStream(stream);
        if (stream == created[0] && cluster != null) {
          cluster.shared().joined(stream); // its first run waits for the lease
        } else if (stream == created[0] && options.scheduled()) {
          routeRunsHere(stream);
        } else if (stream == created[0]) {
          enqueue(stream);
        }
        log.debug("{} joined {} ({} member(s))", sub, stream, stream.memberCount());
        return;
      }
      registry.unshare(stream);
    }
  }

  /** A member left; the stream ends (and its job is cancelled) when it was the last one. */
  public void leave(Subscription sub, String why) {
    JobStream stream = sub.stream();
    if (stream != null && stream.leave(sub)) {
      close(stream, why);
    }
  }

  /**
   * On {@code jobwire-ingress}, before a result or failed for {@code job} is offered to the stream:
   * when it ends the stream, its members hear it first, so that whatever they free (the user's job
   * budget) is free before the client can read the final message and act on it.
   */
  public void ending(JobStream stream, String job) {
    if (stream.isLastRun(job)) {
      stream.members().forEach(onEnding);
    }
  }

  /** On {@code jobwire-ingress}: a result or failed for {@code job} reached the stream. */
  public void runEnded(JobStream stream, String job) {
    List<Subscription> finished = stream.runEnded(job);
    boolean sharedHere = cluster != null && stream.shareKey() != null;
    if (stream.phase() == JobStream.Phase.WAITING) {
      if (stream.options().recurring() && (!sharedHere || stream.isHolder())) {
        scheduleNextRun(stream); // elsewhere the holder queues the next run
      }
      return; // a scheduled topic's next run comes from the brokers' schedules
    }
    if (!finished.isEmpty()) {
      if (sharedHere && stream.isHolder()) {
        cluster.shared().done(stream);
      }
      registry.unshare(stream);
      finished.forEach(onFinished);
    }
  }

  @Override
  public void queued(Enqueuer.Pending pending, String job) {
    JobStream stream = pending.stream();
    if (stream.started(job, clock.millis())) {
      log.debug("{} job={} queued", stream, job);
      if (cluster != null && stream.shareKey() != null) {
        cluster.shared().started(stream, job);
      }
    } else {
      // Ended while its job was being queued: nobody will read the results.
      calls.cancel(job, stream.id() + " ended while queueing");
    }
  }

  @Override
  public void failed(Enqueuer.Pending pending, RuntimeException cause) {
    JobStream stream = pending.stream();
    if (stream.hadRun()) {
      log.warn(
          "{} next run could not be queued, retrying in one period: {}", stream, cause.toString());
      stream.queueFailed(clock.millis());
      scheduleNextRun(stream);
      return;
    }
    for (Subscription member : stream.members()) {
      onQueueFailed.accept(
          member, "could not queue the job: the job queue is unavailable; try again");
    }
  }

  @Override
  public boolean isLive(Enqueuer.Pending pending) {
    JobStream stream = pending.stream();
    return stream.phase() == JobStream.Phase.RUNNING && stream.job() == null;
  }

  private void close(JobStream stream, String why) {
    registry.removeStream(stream);
    String running = stream.close();
    // a scheduled run is a background job: it runs on when nobody follows it any more
    String job = stream.options().scheduled() ? null : running;
    Runnable cancel = job == null ? null : () -> calls.cancel(job, stream.id() + " " + why);
    if (cluster != null && stream.shareKey() != null) {
      cluster.shared().left(stream, job, cancel);
    } else if (cluster != null && cluster.historyInRedis()) {
      cluster.release(stream.id(), cancel);
    } else if (cancel != null) {
      cancel.run();
    }
    log.debug("{} closed ({})", stream, why);
  }

  /** On {@code jobwire-ingress}: this front end holds a shared stream's lease and it never ran. */
  void startShared(JobStream stream) {
    if (!stream.options().scheduled() && stream.askFirstRun()) {
      enqueue(stream);
    }
  }

  /** On {@code jobwire-ingress}: it took over a recurring shared stream between two runs. */
  void resumeShared(JobStream stream) {
    if (stream.options().recurring() && stream.phase() == JobStream.Phase.WAITING) {
      scheduleNextRun(stream);
    }
  }

  /**
   * Alone (no cluster): this front end keeps a scheduled topic's runs coming here while the stream
   * lives, renewing the route's lease on {@code jobwire-timer} (the call itself on a queue thread).
   */
  private void routeRunsHere(JobStream stream) {
    if (stream.phase() == JobStream.Phase.CLOSED) {
      return;
    }
    calls.routeRuns(stream, replyTo, stream.request().route(), ROUTE_LEASE_MILLIS);
    timer.schedule(() -> routeRunsHere(stream), ROUTE_LEASE_MILLIS / 3, TimeUnit.MILLISECONDS);
  }

  private void scheduleNextRun(JobStream stream) {
    long delay = Math.max(0, stream.nextRunAt() - clock.millis());
    timer.schedule(
        () -> {
          if (stream.startNextRun()) {
            enqueue(stream);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private void enqueue(JobStream stream) {
    enqueue(stream, null);
  }

  private void enqueue(JobStream stream, List<JsonNode> batch) {
    JobRequest request = stream.request();
    TopicOptions options = stream.options();
    if (options.timeout() != null) {
      long topicDeadline = clock.millis() + options.timeout().toMillis();
      Long own = request.deadline();
      request = request.withDeadline(own == null ? topicDeadline : Math.min(own, topicDeadline));
    }
    enqueuer.submit(new Enqueuer.Pending(stream, request, batch));
  }

  private JobRequest request(
      String streamId, String topic, JsonNode params, String user, TopicOptions options) {
    ObjectNode route = Codec.mapper().createObjectNode();
    route.put("sub", streamId).put("fe", config.frontendId());
    return new JobRequest(topic, params, user, replyTo, route, options.maxAttempts(), null);
  }
}
