package io.jobwire.worker.internal;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.JobHandler;
import io.jobwire.worker.WorkerConfig;
import io.jobwire.worker.internal.Outgoing.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The body of the {@code jobwire-worker-io} thread: it alone owns the ZeroMQ context, the DEALERs
 * (one per broker, see {@link BrokerLinks}) and the PUSH sockets, and the table of running jobs. It
 * wakes for a broker message, for a handler message (through the {@link Outbox} pipe) or for its
 * next timer: heartbeat, broker silence, a job deadline or a shutdown step.
 */
final class IoLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

  /** The {@code fail} code of a job handed back unrun because all slots are taken. */
  static final String BUSY = "busy";

  private final WorkerConfig config;
  private final Map<String, JobHandler> handlers;
  private final Clock clock;
  private final Outbox outbox = new Outbox();
  private final Semaphore permits;
  private final Map<String, JobRun> runs = new LinkedHashMap<>();
  private final Map<String, BrokerLink> sentBy = new HashMap<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final ExecutorService jobThreads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jobwire-job-", 1).factory());
  private volatile boolean stopRequested;
  private boolean saidDraining;

  private BrokerLinks brokers;
  private Pushers pushers;
  private ReplySockets replySockets;
  private long nextHeartbeatNanos;
  private final Shutdown shutdown;

  IoLoop(WorkerConfig config, Map<String, JobHandler> handlers, Clock clock) {
    this.config = config;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.permits = new Semaphore(config.capacity());
    this.shutdown = new Shutdown(config);
  }

  CompletableFuture<Void> started() {
    return started;
  }

  /** Any thread: begin the graceful leave. */
  void requestStop() {
    stopRequested = true;
    outbox.wake();
  }

  @Override
  public void run() {
    try (ZContext context = new ZContext(1)) {
      brokers = new BrokerLinks(context, config, this::ready);
      pushers = new Pushers(context, config);
      replySockets = new ReplySockets(context, config);
      brokers.connect();
      log.info(
          "worker={} connected to broker={} topics={} capacity={}",
          config.id(),
          config.broker(),
          ready().topics(),
          config.capacity());
      started.complete(null);
      loop();
      brokers.sendAll(new WorkerMessage.Bye(config.id()));
      log.info("worker={} sent bye to broker={}", config.id(), config.broker());
      replySockets.close();
      pushers.close();
      brokers.close();
    } catch (Throwable t) {
      if (!started.completeExceptionally(t)) {
        log.error("worker={} stopped on an unexpected error", config.id(), t);
      }
    } finally {
      jobThreads.shutdownNow();
      outbox.close();
    }
  }

  private void loop() {
    SocketWaiter waiter = waiter();
    nextHeartbeatNanos = System.nanoTime() + config.heartbeatInterval().toNanos();
    try {
      while (!shutdown.done()) {
        waiter.await(pollTimeoutMillis());
        boolean pollAgain = !outbox.drainWakeups();
        brokers.receive(this::onBrokerMessage);
        sendOutgoing();
        long now = System.nanoTime();
        boolean draining = !shutdown.accepting();
        if (now >= nextHeartbeatNanos || draining != saidDraining) {
          // draining is said at once, so the broker stops handing out jobs to be turned away
          saidDraining = draining;
          brokers.sendAll(
              new WorkerMessage.Heartbeat(config.id(), List.copyOf(runs.keySet()), draining));
          nextHeartbeatNanos = now + config.heartbeatInterval().toNanos();
        }
        if (brokers.reconnectSilent(now)) {
          pollAgain = true;
        }
        expireDeadlines();
        shutdown.advance(now, stopRequested, runs);
        if (pollAgain) {
          waiter.close();
          waiter = waiter();
        }
      }
      sendOutgoing();
    } finally {
      waiter.close();
    }
  }

  private SocketWaiter waiter() {
    return new SocketWaiter(brokers.sockets(), List.of(outbox.source()));
  }

  private long pollTimeoutMillis() {
    long now = System.nanoTime();
    long nanos = Math.min(nextHeartbeatNanos - now, brokers.nanosUntilSilent(now));
    nanos = Math.min(nanos, shutdown.nanosUntilNextStep(now));
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
    long nowMillis = clock.millis();
    for (JobRun run : runs.values()) {
      Long deadline = run.job().deadline();
      if (deadline != null && run.stopReason() == null) {
        millis = Math.min(millis, deadline - nowMillis);
      }
    }
    return Math.max(millis, 1);
  }

  private void onBrokerMessage(BrokerLink from, BrokerMessage message) {
    try {
      switch (message) {
        case BrokerMessage.Assign assign -> onJob(from, assign.job());
        case BrokerMessage.Cancel cancel -> onCancel(cancel.job());
        case BrokerMessage.Heartbeat heartbeat -> {} // liveness is noted by the link
      }
    } catch (RuntimeException e) { // one bad message must not stop the I/O thread
      log.error("worker={} could not handle {}; ignored it", config.id(), message, e);
    }
  }

  private void onJob(BrokerLink from, Job job) {
    if (runs.containsKey(job.id())) {
      log.warn(
          "job={} topic={} worker={} is already running here; ignored the second assignment",
          job.id(),
          job.topic(),
          config.id());
      return;
    }
    JobHandler handler = handlers.get(job.topic());
    if (handler == null) {
      log.warn(
          "job={} topic={} worker={} has no handler here; failing it for another worker",
          job.id(),
          job.topic(),
          config.id());
      fail(
          from,
          job.id(),
          "unknown_topic",
          "worker " + config.id() + " has no handler for topic '" + job.topic() + "'",
          true);
    } else if (!shutdown.accepting()) {
      fail(from, job.id(), "shutdown", "worker " + config.id() + " is shutting down", true);
    } else if (runs.size() >= config.capacity()) {
      // several brokers may fill the same free slot at once: hand the extra job back at once
      log.debug(
          "job={} worker={} is full; handed back to broker={}",
          job.id(),
          config.id(),
          from.endpoint());
      fail(from, job.id(), BUSY, "worker " + config.id() + " is running its capacity", true);
    } else if (job.deadline() != null && job.deadline() <= clock.millis()) {
      log.info(
          "job={} topic={} worker={} arrived after its deadline",
          job.id(),
          job.topic(),
          config.id());
      fail(from, job.id(), "timeout", "the job arrived after its deadline", false);
    } else {
      JobRun run = new JobRun(job, handler, outbox, replySockets, permits, config.id());
      if (job.replyTo() != null && !run.replies()) {
        log.warn(
            "job={} topic={} worker={} has reply_to but no route.sub; nothing will be pushed",
            job.id(),
            job.topic(),
            config.id());
      }
      runs.put(job.id(), run);
      sentBy.put(job.id(), from);
      log.debug(
          "job={} topic={} worker={} attempt={} started",
          job.id(),
          job.topic(),
          config.id(),
          job.attempt());
      jobThreads.execute(run);
    }
  }

  private void onCancel(String jobId) {
    JobRun run = runs.remove(jobId);
    sentBy.remove(jobId);
    if (run == null) {
      log.debug("job={} worker={} cancel for a job not running here", jobId, config.id());
      return;
    }
    run.stop(StopReason.CANCELLED);
    log.info(
        "job={} topic={} worker={} cancelled by the broker", jobId, run.job().topic(), config.id());
  }

  private void sendOutgoing() {
    Outgoing message;
    while ((message = outbox.poll()) != null) {
      switch (message) {
        case Outgoing.Progress progress -> {
          if (progress.run().stopReason() != StopReason.CANCELLED) {
            pushers.push(progress.run().job().replyTo(), progress.message());
          }
        }
        case Outgoing.Finished finished ->
            finish(finished.run(), finished.outcome(), finished.pushed());
      }
    }
  }

  /** {@code pushed}: the result's fate when the job's thread pushed it; null: push it here. */
  private void finish(JobRun run, Outcome outcome, Pushers.Pushed pushed) {
    Job job = run.job();
    BrokerLink from = runs.remove(job.id(), run) ? sentBy.remove(job.id()) : null;
    if (run.stopReason() == StopReason.CANCELLED) {
      return;
    }
    switch (outcome) {
      case Outcome.Succeeded ok -> {
        if (run.replies()) {
          var result = new IngressMessage.Result(job.id(), job.route(), ok.seq(), ok.data());
          switch (pushed != null ? pushed : pushers.push(job.replyTo(), result)) {
            case QUEUED -> {}
            case FULL -> {
              fail(
                  from,
                  job.id(),
                  "push_failed",
                  "the queue to " + job.replyTo() + " is full",
                  true);
              return;
            }
            case UNUSABLE -> {
              fail(from, job.id(), "internal", "reply_to " + job.replyTo() + " is unusable", false);
              return;
            }
          }
        }
        brokers.sendAll(new WorkerMessage.Done(job.id()));
        log.debug("job={} topic={} worker={} done", job.id(), job.topic(), config.id());
      }
      case Outcome.Failed failed ->
          fail(from, job.id(), failed.error().code(), failed.error().message(), failed.retry());
      case Outcome.Silent silent -> {}
    }
  }

  private void fail(BrokerLink to, String jobId, String code, String message, boolean retry) {
    var fail = new WorkerMessage.Fail(jobId, new ErrorInfo(code, message), retry);
    brokers.sendToOne(to, fail, System.nanoTime());
  }

  private void expireDeadlines() {
    long now = clock.millis();
    for (JobRun run : runs.values()) {
      Long deadline = run.job().deadline();
      if (deadline != null && deadline <= now && run.stop(StopReason.TIMEOUT)) {
        log.warn(
            "job={} topic={} worker={} passed its deadline; interrupting it",
            run.job().id(),
            run.job().topic(),
            config.id());
      }
    }
  }

  private WorkerMessage.Ready ready() {
    List<String> topics = new ArrayList<>(handlers.keySet());
    topics.sort(null);
    return new WorkerMessage.Ready(config.id(), topics, config.capacity());
  }
}
