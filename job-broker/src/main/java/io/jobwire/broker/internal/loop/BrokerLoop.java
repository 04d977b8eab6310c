package io.jobwire.broker.internal.loop;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.broker.BrokerStats;
import io.jobwire.broker.internal.observe.JobMeter;
import io.jobwire.broker.internal.observe.RegistryPublisher;
import io.jobwire.broker.internal.outcome.FailedNotifier;
import io.jobwire.broker.internal.store.BrokerStore;
import io.jobwire.broker.internal.workers.Backoff;
import io.jobwire.broker.internal.workers.Dispatcher;
import io.jobwire.broker.internal.workers.WorkerEntry;
import io.jobwire.broker.internal.workers.WorkerHandler;
import io.jobwire.broker.internal.workers.WorkerLink;
import io.jobwire.broker.internal.workers.WorkerRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.queue.QueueUnavailableException;
import io.jobwire.runtime.RateLimitedLog;
import io.jobwire.runtime.ZmqWatch;
import io.jobwire.security.CurveServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.io.Metadata;

/**
 * The body of the {@code jobwire-broker} thread. It owns the ZeroMQ context and every socket in it
 * (the ROUTER, the PUSH sockets to front ends), all worker bookkeeping, and makes every Redis call
 * of the broker. Other threads reach it only through the inbox and {@link Wakeup}. With CURVE the
 * context also holds the ZAP handler's sockets, owned by {@code jobwire-broker-zap} (see {@link
 * CurveServer}).
 *
 * <p>One turn of the loop: wait for a worker message, a wakeup or the poll interval; take in
 * signals; read up to {@value #MAX_READ} worker messages; write their effects to Redis in batches;
 * run timed work when due; hand out jobs to free slots. The turn's acks go in the same pipeline as
 * its first claim, so a busy turn makes one Redis round trip.
 */
public final class BrokerLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(BrokerLoop.class);
  private static final int MAX_READ = 4096;

  /** At most one ERROR line per this while a step keeps failing (each turn would log one). */
  private static final Duration STEP_FAILURE_LOG_EVERY = Duration.ofSeconds(10);

  /**
   * How often every served topic is tried although nothing woke it, at least: a claim on an empty
   * queue costs Redis two commands, per topic and broker. Enqueues wake the topic (enqueue.lua
   * PUBLISHes it), and due retries and recovered leases wake this broker's dispatcher: this only
   * catches a wake-up lost while the subscription to Redis reconnected.
   */
  private static final long SAFETY_NET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final BrokerConfig config;
  private final Clock clock;
  private final BrokerStore store;
  private final Queue<Signal> inbox;
  private final Wakeup wakeup;
  private final BooleanSupplier listening;
  private final CompletableFuture<String> bound = new CompletableFuture<>();
  private final List<CompletableFuture<Void>> dueWaiters = new ArrayList<>();
  private final WorkerRegistry registry = new WorkerRegistry();
  private final JobMeter meter;
  private final CurveServer curve;
  private final ZmqWatch zmq = new ZmqWatch("broker");
  private final RateLimitedLog stepFailures =
      new RateLimitedLog(log, Level.ERROR, STEP_FAILURE_LOG_EVERY);
  private RegistryPublisher publisher;
  private volatile boolean running = true;
  private volatile BrokerStats stats = new BrokerStats(0, 0, 0, 0);
  private long malformed;
  private long lastDue = Long.MIN_VALUE / 2;
  private long lastHeartbeat = Long.MIN_VALUE / 2;
  private long lastPollNanos = System.nanoTime();
  private final long safetyNetNanos;
  private boolean redisDown;
  private boolean hungry;

  /** A cancel was published: a queued job's notice may wait in Redis (also tried at start). */
  private boolean noticesDue = true;

  /**
   * @param listening true while jobs handed to this broker reach its inbox (the events thread's
   *     subscription is live): only then does it stand by for topics (see {@link Dispatcher})
   */
  public BrokerLoop(
      BrokerConfig config,
      BrokerStore store,
      Queue<Signal> inbox,
      Wakeup wakeup,
      JobMeter meter,
      BooleanSupplier listening) {
    this.config = config;
    this.listening = listening;
    this.safetyNetNanos = Math.max(config.pollInterval().toNanos(), SAFETY_NET_NANOS);
    this.meter = meter;
    this.clock = config.clock();
    this.store = store;
    this.inbox = inbox;
    this.wakeup = wakeup;
    this.curve = new CurveServer(config.curve(), "broker");
  }

  /** CURVE on the ROUTER; its refusal count is read from any thread. */
  public CurveServer curve() {
    return curve;
  }

  /** False once a ZeroMQ I/O thread of the broker died (readiness); any thread. */
  public boolean zmqAlive() {
    return zmq.alive();
  }

  /** Completes with the bound endpoint once workers can connect, or with the bind failure. */
  public CompletableFuture<String> bound() {
    return bound;
  }

  public BrokerStats stats() {
    return stats;
  }

  public void stop() {
    running = false;
    wakeup.signal();
  }

  @Override
  public void run() {
    try (ZContext context = zmq.newContext(1);
        CurveServer.Gate gate = curve.start(context);
        FailedNotifier notifier =
            new FailedNotifier(context, config.curve(), config.maxMessageBytes())) {
      context.setLinger(500);
      ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
      router.setRcvHWM(100_000);
      router.setSndHWM(100_000);
      router.setMaxMsgSize(config.maxMessageBytes()); // JeroMQ allocates what a header claims
      gate.secure(router);
      router.bind(ephemeral(config.bind()));
      var link = new WorkerLink(router);
      var dispatcher =
          new Dispatcher(registry, store, notifier, link, meter, config.claimBatch(), listening);
      var handler =
          new WorkerHandler(registry, store, dispatcher, notifier, link, meter, backoffs());
      publisher = new RegistryPublisher(store.gateway(), router.getLastEndpoint());
      try (ZMQ.Poller poller = context.createPoller(2)) {
        poller.register(router, ZMQ.Poller.POLLIN);
        poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
        bound.complete(router.getLastEndpoint());
        while (running) {
          turn(poller, router, link, dispatcher, handler);
        }
        guard(dispatcher::standDown);
      }
    } catch (RuntimeException e) {
      if (!bound.completeExceptionally(e)) {
        log.error("broker loop stopped by an unexpected error", e);
      }
    } finally {
      if (publisher != null) {
        guard(publisher::retire);
      }
      drainInbox(null, null);
      dueWaiters.forEach(f -> f.completeExceptionally(new IllegalStateException("broker stopped")));
    }
  }

  private void turn(
      ZMQ.Poller poller,
      ZMQ.Socket router,
      WorkerLink link,
      Dispatcher dispatcher,
      WorkerHandler handler) {
    int ready = poller.poll(hungry ? 0 : waitMillis(dispatcher));
    boolean woken = poller.pollin(1) && wakeup.drain();
    if (ready > 0 && !woken && !poller.pollin(0)) {
      // Woken with nothing to read: the ROUTER's descriptor is readable while JeroMQ's Signaler
      // has not yet counted the signal its writer, preempted, wrote (the poller reports the
      // wake-up pipe from a stale ready set too). Polling again spins until that writer runs.
      Thread.yield();
    }
    drainInbox(dispatcher, handler);
    long now = clock.millis();
    read(router, handler, now);
    boolean due = !dueWaiters.isEmpty() || now - lastDue >= config.pollInterval().toMillis();
    // acks ride with the next claim (one round trip a turn), unless due work comes first
    guard(() -> handler.flush(now, due));
    if (due) {
      guard(() -> dueWork(link, handler, now));
    }
    if (System.nanoTime() - lastPollNanos >= safetyNetNanos) {
      lastPollNanos = System.nanoTime();
      dispatcher.wakeServedTopics();
      noticesDue = true;
    }
    if (noticesDue) {
      noticesDue = false;
      guard(() -> handler.sendNotices(now));
    }
    hungry = false;
    dispatcher.wakeReopened(now);
    guard(() -> hungry = dispatcher.dispatch(now, handler.acks()));
    guard(() -> handler.flush(now, true)); // acks no claim took
    stats =
        new BrokerStats(
            registry.size(),
            registry.running(),
            dispatcher.assigned(),
            malformed,
            handler.refused() + store.refusedDones());
    guard(() -> publisher.maybePublish(registry, stats, meter, now));
    dueWaiters.forEach(f -> f.complete(null));
    dueWaiters.clear();
  }

  /** The poll interval, or less when a topic's rate window reopens sooner. */
  private long waitMillis(Dispatcher dispatcher) {
    long untilReopen = dispatcher.nextTimer() - clock.millis();
    return Math.max(0, Math.min(config.pollInterval().toMillis(), untilReopen));
  }

  /** Takes in what other threads sent; both null when stopping (only waiters matter then). */
  private void drainInbox(Dispatcher dispatcher, WorkerHandler handler) {
    for (Signal signal = inbox.poll(); signal != null; signal = inbox.poll()) {
      switch (signal) {
        case Signal.JobsEnqueued jobs -> {
          if (dispatcher != null) {
            dispatcher.wake(jobs.topic());
          }
        }
        case Signal.JobsHanded handed -> {
          // when stopping, the jobs' leases bring them back
          if (dispatcher != null) {
            guard(() -> dispatcher.handed(handed.claim(), clock.millis()));
          }
        }
        case Signal.CancelAsked cancel -> {
          if (handler != null) {
            handler.cancel(cancel.job(), null);
            noticesDue = true;
          }
        }
        case Signal.RunDue due -> dueWaiters.add(due.done());
      }
    }
  }

  private void read(ZMQ.Socket router, WorkerHandler handler, long now) {
    for (int i = 0; i < MAX_READ; i++) {
      zmq.Msg first = router.recvMsg(ZMQ.DONTWAIT);
      if (first == null) {
        return;
      }
      byte[] identity = first.data();
      List<zmq.Msg> frames = new ArrayList<>(1);
      while (router.hasReceiveMore()) {
        frames.add(router.recvMsg(0));
      }
      if (frames.size() != 1) {
        malformed(identity, "expected one frame, got " + frames.size());
        continue;
      }
      String curveKey = curveKey(frames.get(0));
      WorkerMessage message;
      try {
        message = Codec.decodeWorker(frames.get(0).data());
      } catch (ProtocolException e) {
        malformed(identity, e.code().wire() + ": " + e.getMessage());
        continue;
      }
      byte[] sender = identity;
      guard(() -> handler.handle(sender, curveKey, message, now));
    }
  }

  /** With CURVE, the ZAP handler's user id: the name of the sender's key; else null. */
  private static String curveKey(zmq.Msg frame) {
    Metadata metadata = frame.getMetadata();
    String key = metadata == null ? null : metadata.get(Metadata.USER_ID);
    return key == null || key.isEmpty() ? null : key;
  }

  private void malformed(byte[] identity, String why) {
    malformed++;
    WorkerEntry worker = registry.byIdentity(identity);
    log.warn(
        "malformed message from worker={} ({}); ignored",
        worker != null
            ? worker.name
            : "unregistered:" + java.util.HexFormat.of().formatHex(identity),
        why);
  }

  /** Heartbeats out, silent workers dead, expired leases and due retries back on the queue. */
  private void dueWork(WorkerLink link, WorkerHandler handler, long now) {
    lastDue = now;
    if (now - lastHeartbeat >= config.heartbeatInterval().toMillis()) {
      lastHeartbeat = now;
      registry.all().forEach(link::heartbeat);
    }
    long timeout = config.workerTimeout().toMillis();
    for (WorkerEntry worker : List.copyOf(registry.all())) {
      if (now - worker.lastSeen > timeout) {
        // leases extended well after we last heard it: it heartbeats to another broker
        long floor = worker.lastSeen + config.leaseDuration().toMillis() + timeout / 2;
        handler.leave(worker, "dead: silent for " + (now - worker.lastSeen) + " ms", floor, now);
      }
    }
    // a heartbeat's grace: the worker's own deadline timer normally ends the job first
    // asked for by runDueWork: every topic's keys, even of a topic tagged this very moment
    boolean everyTopicNow = !dueWaiters.isEmpty();
    var work = store.due(config.heartbeatInterval().toMillis(), everyTopicNow, now);
    handler.apply(work.recovery());
    handler.timedOut(work.overdue());
  }

  /**
   * Runs one step; while Redis is down, logs once and carries on (jobs stay leased in Redis and
   * come back when their lease expires). A bug in one step must not stop the broker either: it is
   * logged at most once per {@link #STEP_FAILURE_LOG_EVERY}, as it may fail every turn.
   */
  private void guard(Runnable step) {
    try {
      step.run();
      // a step that made no Redis call also succeeds: only a closed breaker means Redis is back
      if (redisDown && store.gateway().healthy()) {
        redisDown = false;
        log.info("Redis is reachable again; broker resumes");
      }
    } catch (QueueUnavailableException e) {
      if (!redisDown) {
        redisDown = true;
        log.warn("broker paused: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      stepFailures.log("broker step failed; carrying on", e);
    }
  }

  /** One {@link Backoff} per topic policy; a null topic gets the broker-wide one. */
  private Function<String, Backoff> backoffs() {
    Map<String, Backoff> byTopic = new HashMap<>();
    Backoff fallback = new Backoff(config.retryBackoffBase(), config.retryBackoffCap());
    return topic -> {
      if (topic == null || !config.topicPolicies().containsKey(topic)) {
        return fallback;
      }
      return byTopic.computeIfAbsent(
          topic, t -> new Backoff(config.policy(t).backoffBase(), config.policy(t).backoffCap()));
    };
  }

  /** ZeroMQ binds an ephemeral port for {@code :*}; accept {@code :0} as the same. */
  static String ephemeral(String endpoint) {
    return endpoint.endsWith(":0") ? endpoint.substring(0, endpoint.length() - 2) + ":*" : endpoint;
  }
}
