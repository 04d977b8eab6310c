package io.jobwire.frontend.internal.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.internal.ingress.IngressInbox;
import io.jobwire.frontend.internal.lifecycle.Peers;
import io.jobwire.frontend.internal.lifecycle.Runs;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobQueue;
import io.jobwire.runtime.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared topics across front ends: the members of one share key on every front end share ONE job.
 * Its stream has the same id everywhere ({@link Ids#sharedStream}); a lease in Redis ({@code
 * share.lua}) says which front end runs it: that one queues its runs (its {@code reply_to}),
 * receives its messages, delivers them to its members and broadcasts them on {@code fe-all}; the
 * others deliver what they hear to theirs. Each member's duplicate filter makes every message reach
 * it once. A front end with members claims every second; when the holder is gone (or left) the next
 * claim takes the lease and reroutes the job here. The job is cancelled when the last member
 * anywhere leaves.
 *
 * <p>Redis calls run on {@code jobwire-cluster}; stream changes on {@code jobwire-ingress}.
 */
final class SharedStreams {
  private static final Logger log = LoggerFactory.getLogger(SharedStreams.class);
  static final long LEASE_MILLIS = Peers.LEASE_MILLIS;
  static final long CLAIM_EVERY_MILLIS = 1_000;

  private final String me;
  private final ClusterStore store;
  private final ScheduledExecutorService executor;
  private final SubscriptionRegistry registry;
  private final JobQueue queue;
  private final HistoryWriter writer;
  private final Clock clock;
  private final IngressInbox loop;
  private final Runs runs;
  private final Supplier<String> replyTo;

  SharedStreams(
      String me,
      ClusterStore store,
      ScheduledExecutorService executor,
      SubscriptionRegistry registry,
      JobQueue queue,
      HistoryWriter writer,
      Clock clock,
      IngressInbox loop,
      Runs runs,
      Supplier<String> replyTo) {
    this.me = me;
    this.store = store;
    this.executor = executor;
    this.registry = registry;
    this.queue = queue;
    this.writer = writer;
    this.clock = clock;
    this.loop = loop;
    this.runs = runs;
    this.replyTo = replyTo;
  }

  /** Claims every second the leases of the shared streams with members here. */
  void start() {
    executor.scheduleWithFixedDelay(
        this::claimAll, CLAIM_EVERY_MILLIS, CLAIM_EVERY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Any thread: a new local stream of a shared topic; its first run waits for the lease. */
  void joined(JobStream stream) {
    executor.execute(() -> claim(stream));
  }

  /** On {@code jobwire-enqueue}: the holder queued a run; every front end hears its job. */
  void started(JobStream stream, String job) {
    executor.execute(
        () -> {
          try {
            store.share("started", stream.id(), job, clock.millis());
            ObjectNode json = Codec.mapper().createObjectNode().put("type", "shared-job");
            json.put("from", me).put("stream", stream.id()).put("job", job);
            loop.post(() -> writer.broadcast(Codec.encode(json)));
          } catch (RuntimeException e) {
            log.warn(
                "{} job={} not announced ({}); the next claim tells", stream, job, e.toString());
          }
        });
  }

  /**
   * On {@code jobwire-ingress}: the holder's one-shot run ended; the next subscriber starts one.
   */
  void done(JobStream stream) {
    executor.execute(() -> quietly(stream, () -> store.share("done", stream.id(), null, now())));
  }

  /** Its last local member left: the job is cancelled only when nobody anywhere follows it. */
  void left(JobStream stream, String job, Runnable cancel) {
    executor.execute(
        () ->
            quietly(
                stream,
                () -> {
                  Object outcome = store.share("leave", stream.id(), null, now());
                  if ("last".equals(outcome) && job != null) {
                    cancel.run();
                  }
                  log.debug("{} left here: {}", stream, outcome);
                }));
  }

  /** On {@code jobwire-ingress}: the holder delivered a message; the others get it too. */
  void broadcast(byte[] frame) {
    ObjectNode json = Codec.mapper().createObjectNode().put("type", "shared").put("from", me);
    try {
      json.set("message", Codec.parse(new String(frame, StandardCharsets.UTF_8)));
    } catch (io.jobwire.protocol.ProtocolException e) {
      return;
    }
    writer.broadcast(Codec.encode(json));
  }

  /** On {@code jobwire-ingress}: another front end's holder queued {@code job}. */
  void heardStarted(String streamId, String job) {
    JobStream stream = registry.stream(streamId);
    if (stream != null && stream.shareKey() != null && !stream.isHolder()) {
      follow(stream, job);
    }
  }

  private void claimAll() {
    for (JobStream stream : registry.sharedStreams()) {
      claim(stream);
    }
  }

  /** On {@code jobwire-cluster}. */
  @SuppressWarnings("unchecked")
  private void claim(JobStream stream) {
    if (stream.phase() == JobStream.Phase.CLOSED || stream.phase() == JobStream.Phase.DONE) {
      return;
    }
    List<String> reply;
    try {
      reply = (List<String>) store.share("claim", stream.id(), Long.toString(LEASE_MILLIS), now());
    } catch (RuntimeException e) {
      log.debug("{} not claimed: {}", stream, e.toString());
      return;
    }
    boolean mine = "mine".equals(reply.get(0));
    String previous = reply.get(1);
    String job = !reply.get(2).isEmpty() ? reply.get(2) : stream.job();
    boolean wasHolder = stream.isHolder();
    stream.holder(mine);
    if (mine && stream.options().scheduled()) {
      routeRuns(stream);
    }
    if (!mine) {
      if (job != null) {
        loop.post(() -> follow(stream, job));
      }
      return;
    }
    if (job == null) {
      loop.post(() -> runs.startShared(stream));
      return;
    }
    if (!wasHolder && !previous.equals(me)) {
      reroute(stream, job, previous);
      loop.post(() -> runs.resumeShared(stream));
    }
    loop.post(() -> follow(stream, job));
  }

  /** The holder of a scheduled topic's stream: the brokers' runs of it come here (a lease). */
  private void routeRuns(JobStream stream) {
    ObjectNode route = Codec.mapper().createObjectNode().put("sub", stream.id()).put("fe", me);
    try {
      queue.routeRuns(stream.request().topic(), replyTo.get(), route, stream.id(), LEASE_MILLIS);
    } catch (RuntimeException e) {
      log.warn("{} scheduled runs not routed here: {}", stream, e.toString());
    }
  }

  /** On {@code jobwire-ingress}: the members follow the holder's run. */
  private void follow(JobStream stream, String job) {
    JobStream.Phase phase = stream.phase();
    if (phase != JobStream.Phase.DONE
        && phase != JobStream.Phase.CLOSED
        && !job.equals(stream.job())) {
      stream.started(job, clock.millis());
    }
  }

  /** The lease was someone else's: its job's messages went there; from now on they come here. */
  private void reroute(JobStream stream, String job, String previous) {
    if (stream.members().stream().anyMatch(m -> m.hasSeenEnd(job))) {
      return;
    }
    if (stream.options().scheduled() && !unfinished(job)) {
      return; // a scheduled run that ended is not run again for a new holder
    }
    ObjectNode route = Codec.mapper().createObjectNode().put("sub", stream.id()).put("fe", me);
    try {
      var outcome = queue.reroute(job, replyTo.get(), route);
      log.info("{} job={} taken over from front end {}: {}", stream, job, previous, outcome);
    } catch (RuntimeException e) {
      log.warn("{} job={} not rerouted from front end {}: {}", stream, job, previous, e.toString());
    }
  }

  private boolean unfinished(String job) {
    try {
      return queue.status(job).map(s -> !s.state().isFinal()).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void quietly(JobStream stream, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("{} shared state not updated in Redis: {}", stream, e.toString());
    }
  }

  private long now() {
    return clock.millis();
  }
}
