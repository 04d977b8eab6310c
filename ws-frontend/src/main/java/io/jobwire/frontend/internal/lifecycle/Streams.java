package io.jobwire.frontend.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.frontend.internal.subscription.BatchFinish;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import io.jobwire.runtime.Ids;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts job streams, queues their runs (through {@link Runs}) and ends them. The next run of a
 * recurring topic is queued on {@code jobwire-timer} once the previous run ended and its period has
 * passed, so runs of one stream never overlap and a slow run delays the next instead of piling them
 * up. It calls nobody back: what a change means for the subscriptions it returns to {@link
 * Subscriptions}.
 */
final class Streams {
  private static final Logger log = LoggerFactory.getLogger(Streams.class);

  /** How long a scheduled topic's runs keep coming here after the last renewal. */
  static final long ROUTE_LEASE_MILLIS = Peers.LEASE_MILLIS;

  /** Shared streams are keyed by what makes their jobs identical. */
  private record ShareKey(String topic, JsonNode params, String user) {}

  private final FrontendConfig config;
  private final Supplier<String> replyTo;
  private final SubscriptionRegistry registry;
  private final QueueCalls calls;
  private final Runs runs;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Peers cluster; // null when alone

  Streams(
      FrontendConfig config,
      Supplier<String> replyTo,
      SubscriptionRegistry registry,
      QueueCalls calls,
      Runs runs,
      ScheduledExecutorService timer,
      Peers cluster) {
    this.config = config;
    this.replyTo = replyTo;
    this.registry = registry;
    this.calls = calls;
    this.runs = runs;
    this.timer = timer;
    this.clock = config.clock();
    this.cluster = cluster;
  }

  /**
   * On {@code jobwire-ingress}: a subscription taken over from another front end gets its stream
   * back (same id, so its job's messages route here); a recurring one runs on from here.
   */
  void adopt(Subscription sub, TakenOver taken) {
    TopicOptions options = config.optionsOf(sub.topic());
    if (options.shared()) {
      // A member joins the topic's shared stream here (same id on every front end), unless it
      // saw its one-shot end already: then it only waits for its window to pass.
      if (!sub.isFinished()) {
        joinShared(sub, taken.params(), sub.owner());
      }
      return;
    }
    String id = taken.streamId();
    JobStream stream =
        new JobStream(
            id, null, request(id, sub.topic(), taken.params(), sub.owner(), options), options);
    stream.restore(sub, taken.job(), taken.jobDone(), clock.millis());
    registry.addStream(stream);
    sub.useStream(stream);
    if (stream.phase() == JobStream.Phase.WAITING) {
      runs.scheduleNext(stream);
    }
  }

  /** Another front end took the subscription over: it leaves its stream, whose job runs on. */
  void drop(Subscription sub) {
    JobStream stream = sub.stream();
    if (stream != null && stream.leave(sub)) {
      registry.removeStream(stream);
      stream.close();
      if (cluster != null && stream.shareKey() != null) {
        cluster.sharedLeft(stream, null, null); // the new owner follows it: never cancelled
      }
    }
  }

  /**
   * Puts a new subscription on a stream: its own, or the topic's shared one. {@code deadline}
   * (epoch ms, or null) bounds the job of a stream of its own, before the topic's {@code timeout}
   * does. A shared stream's job is everyone's: it keeps the topic's. {@code once}: a stream of its
   * own runs one job even on a recurring topic (a WAMP call), so no next run is queued behind its
   * result.
   */
  void join(Subscription sub, JsonNode params, String user, Long deadline, boolean once) {
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
      runs.enqueue(stream);
      return;
    }
    joinShared(sub, params, user);
  }

  /**
   * Puts a batch subscription on a stream of its own: one job per params object in {@code batch},
   * its children's messages and the batch's progress routed to it; the batch id stands for its job.
   */
  void joinBatch(Subscription sub, List<JsonNode> batch, String user, Long deadline) {
    TopicOptions options = config.optionsOf(sub.topic());
    JobRequest each = request(sub.id(), sub.topic(), null, user, options).withDeadline(deadline);
    JobStream stream = new JobStream(sub.id(), null, each, options, new BatchFinish());
    registry.addStream(stream);
    sub.useStream(stream);
    stream.join(sub);
    runs.enqueue(stream, batch);
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
          cluster.sharedJoined(stream); // its first run waits for the lease
        } else if (stream == created[0] && options.scheduled()) {
          routeRunsHere(stream);
        } else if (stream == created[0]) {
          runs.enqueue(stream);
        }
        log.debug("{} joined {} ({} member(s))", sub, stream, stream.memberCount());
        return;
      }
      registry.unshare(stream);
    }
  }

  /** A member left; the stream ends (and its job is cancelled) when it was the last one. */
  void leave(Subscription sub, String why) {
    JobStream stream = sub.stream();
    if (stream != null && stream.leave(sub)) {
      close(stream, why);
    }
  }

  /**
   * On {@code jobwire-ingress}, before a result or failed for {@code job} is offered to the stream:
   * the members about to get their final message (none when the stream runs on).
   */
  List<Subscription> ending(JobStream stream, String job) {
    return stream.isLastRun(job) ? stream.members() : List.of();
  }

  /**
   * On {@code jobwire-ingress}: a result or failed for {@code job} reached the stream. Returns the
   * members whose subscription it finished.
   */
  List<Subscription> runEnded(JobStream stream, String job) {
    List<Subscription> finished = stream.runEnded(job);
    boolean sharedHere = cluster != null && stream.shareKey() != null;
    if (stream.phase() == JobStream.Phase.WAITING) {
      if (stream.options().recurring() && (!sharedHere || stream.isHolder())) {
        runs.scheduleNext(stream); // elsewhere the holder queues the next run
      }
      return List.of(); // a scheduled topic's next run comes from the brokers' schedules
    }
    if (!finished.isEmpty()) {
      if (sharedHere && stream.isHolder()) {
        cluster.sharedDone(stream);
      }
      registry.unshare(stream);
    }
    return finished;
  }

  /**
   * On {@code jobwire-enqueue}: the stream's job was queued; {@code written}: with its member's
   * first state (its {@code subscribed} goes out now).
   */
  void queued(Enqueuer.Pending pending, String job, boolean written) {
    JobStream stream = pending.stream();
    if (stream.started(job, clock.millis(), written)) {
      log.debug("{} job={} queued", stream, job);
      if (cluster != null && stream.shareKey() != null) {
        cluster.sharedStarted(stream, job);
      }
    } else if (written) {
      // Ended while its job and state were being written: its release may have run before the
      // write, so it runs again (the state goes before its job is cancelled).
      cluster.release(stream.id(), () -> calls.cancel(job, stream.id() + " ended while queueing"));
    } else {
      // Ended while its job was being queued: nobody will read the results.
      calls.cancel(job, stream.id() + " ended while queueing");
    }
  }

  /**
   * On {@code jobwire-enqueue}: the stream's job could not be queued. A later run is tried again in
   * one period; for a first run, returns the members to tell (none otherwise).
   */
  List<Subscription> failed(Enqueuer.Pending pending, RuntimeException cause) {
    JobStream stream = pending.stream();
    if (stream.hadRun()) {
      log.warn(
          "{} next run could not be queued, retrying in one period: {}", stream, cause.toString());
      stream.queueFailed(clock.millis());
      runs.scheduleNext(stream);
      return List.of();
    }
    return stream.members();
  }

  /** False when nobody waits for the pending job any more. */
  boolean isLive(Enqueuer.Pending pending) {
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
      cluster.sharedLeft(stream, job, cancel);
    } else if (cluster != null && cluster.historyInRedis()) {
      cluster.release(stream.id(), cancel);
    } else if (cancel != null) {
      cancel.run();
    }
    log.debug("{} closed ({})", stream, why);
  }

  /**
   * Alone (no cluster): this front end keeps a scheduled topic's runs coming here while the stream
   * lives, renewing the route's lease on {@code jobwire-timer} (the call itself on a queue thread).
   */
  private void routeRunsHere(JobStream stream) {
    if (stream.phase() == JobStream.Phase.CLOSED) {
      return;
    }
    calls.routeRuns(stream, replyTo.get(), stream.request().route(), ROUTE_LEASE_MILLIS);
    timer.schedule(() -> routeRunsHere(stream), ROUTE_LEASE_MILLIS / 3, TimeUnit.MILLISECONDS);
  }

  private JobRequest request(
      String streamId, String topic, JsonNode params, String user, TopicOptions options) {
    ObjectNode route = Codec.mapper().createObjectNode();
    route.put("sub", streamId).put("fe", config.frontendId());
    return new JobRequest(topic, params, user, replyTo.get(), route, options.maxAttempts(), null);
  }
}
