package io.jobwire.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.Job;
import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobFailure;
import io.jobwire.worker.JobHandler;
import io.jobwire.worker.internal.Outgoing.Outcome;
import io.jobwire.worker.internal.Pushers.Pushed;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * One job on its own virtual thread: waits for a capacity permit, runs the handler, pushes its
 * progress and result to the front end and hands the outcome to the I/O thread. The I/O thread
 * stops it through {@link #stop}; the interrupt is sent under the lock that also guards {@code
 * thread}, so no interrupt reaches the thread after the handler has finished (it would break the
 * outbox pipe) or while it pushes (it would break JeroMQ's).
 *
 * <p>Its messages go out on a PUSH socket of its own, borrowed from {@link ReplySockets} on its
 * first message and given back when it ends, straight from this thread; when none is free, all of
 * them go through the {@link Outbox} and the I/O thread instead, so they stay in order either way.
 */
final class JobRun implements Runnable, JobContext {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);

  private final Job job;
  private final JobHandler handler;
  private final Outbox outbox;
  private final ReplySockets sockets;
  private final Semaphore permits;
  private final String worker;
  private final boolean replies;
  private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
  private Thread thread; // guarded by this
  private long seq; // guarded by this
  private ZMQ.Socket socket; // guarded by this: borrowed from sockets while the job runs
  private boolean viaOutbox; // guarded by this: no socket of its own, or the job ended

  JobRun(
      Job job,
      JobHandler handler,
      Outbox outbox,
      ReplySockets sockets,
      Semaphore permits,
      String worker) {
    this.job = job;
    this.handler = handler;
    this.outbox = outbox;
    this.sockets = sockets;
    this.permits = permits;
    this.worker = worker;
    this.replies =
        job.replyTo() != null && job.route() != null && job.route().path("sub").isTextual();
  }

  Job job() {
    return job;
  }

  /** True when results go to a front end; background jobs have no {@code reply_to}. */
  boolean replies() {
    return replies;
  }

  StopReason stopReason() {
    return stopReason.get();
  }

  /** Interrupts the handler for {@code reason}; false when it was already stopped. */
  synchronized boolean stop(StopReason reason) {
    if (!stopReason.compareAndSet(null, reason)) {
      return false;
    }
    if (thread != null) {
      thread.interrupt();
    }
    return true;
  }

  @Override
  public void run() {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    Outcome outcome;
    try {
      outcome = execute();
    } finally {
      synchronized (this) {
        thread = null;
      }
      Thread.interrupted(); // the outbox pipe must not see a stale interrupt
    }
    Pushed pushed = null;
    synchronized (this) {
      if (outcome instanceof Outcome.Succeeded ok && replies && !isCancelledByBroker()) {
        pushed = push(new IngressMessage.Result(job.id(), job.route(), ok.seq(), ok.data()));
      }
      if (socket != null) {
        sockets.giveBack(job.replyTo(), socket);
        socket = null;
      }
      viaOutbox = true; // a late progress from a thread the handler started: the old way
    }
    outbox.add(new Outgoing.Finished(this, outcome, pushed));
  }

  private boolean isCancelledByBroker() {
    return stopReason.get() == StopReason.CANCELLED;
  }

  /**
   * Under this run's lock: pushes {@code message} on the job's own socket, or returns null when the
   * job has none (the caller hands it to the I/O thread). The thread's interrupt status is cleared
   * meanwhile: an interrupted thread that writes to JeroMQ's signal pipe closes it, and with it the
   * socket. {@link #stop} cannot interrupt meanwhile: it takes the same lock.
   */
  private Pushed push(IngressMessage.Routed message) {
    if (socket == null && !viaOutbox) {
      socket = sockets.borrow(job.replyTo());
      viaOutbox = socket == null;
    }
    if (socket == null) {
      return null;
    }
    boolean interrupted = Thread.interrupted();
    try {
      return Pushers.send(socket, job.replyTo(), message, sockets.config());
    } catch (RuntimeException e) { // the worker is closing its sockets: another worker retries it
      log.warn(
          "job={} worker={} could not push to {}: {}",
          job.id(),
          worker,
          job.replyTo(),
          e.toString());
      return Pushed.FULL;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Outcome execute() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      return stopped(e);
    }
    try {
      if (stopReason.get() != null) {
        return stopped(null);
      }
      Object value = handler.handle(this);
      if (stopReason.get() != null) {
        return stopped(null);
      }
      return succeeded(value);
    } catch (Throwable t) {
      return stopReason.get() != null ? stopped(t) : failed(t);
    } finally {
      permits.release();
    }
  }

  private Outcome succeeded(Object value) {
    JsonNode data;
    try {
      data = toJson(value);
    } catch (IllegalArgumentException e) {
      log.warn(
          "job={} topic={} worker={} returned a result that is not JSON: {}",
          job.id(),
          job.topic(),
          worker,
          e.getMessage());
      return new Outcome.Failed(
          new ErrorInfo("bad_result", "the result cannot be written as JSON: " + e.getMessage()),
          false);
    }
    return new Outcome.Succeeded(data, nextSeq());
  }

  private Outcome failed(Throwable t) {
    if (t instanceof JobFailure failure) {
      log.info(
          "job={} topic={} worker={} failed code={} retry={}: {}",
          job.id(),
          job.topic(),
          worker,
          failure.code(),
          failure.retry(),
          failure.getMessage());
      return new Outcome.Failed(
          new ErrorInfo(failure.code(), failure.getMessage()), failure.retry());
    }
    log.warn(
        "job={} topic={} worker={} attempt={} failed; the broker may retry it",
        job.id(),
        job.topic(),
        worker,
        job.attempt(),
        t);
    String message =
        t.getMessage() == null
            ? t.getClass().getName()
            : t.getClass().getName() + ": " + t.getMessage();
    return new Outcome.Failed(new ErrorInfo("internal", message), true);
  }

  private Outcome stopped(Throwable t) {
    StopReason reason = stopReason.get();
    if (reason == null) { // interrupted by someone else than the worker
      return failed(t == null ? new InterruptedException() : t);
    }
    return switch (reason) {
      case CANCELLED -> new Outcome.Silent();
      case TIMEOUT ->
          new Outcome.Failed(
              new ErrorInfo("timeout", "the job passed its deadline " + deadline().orElse(null)),
              false);
      case SHUTDOWN ->
          new Outcome.Failed(
              new ErrorInfo("shutdown", "worker " + worker + " stopped before the job finished"),
              true);
    };
  }

  private synchronized long nextSeq() {
    return ++seq;
  }

  private static JsonNode toJson(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    return Codec.mapper().valueToTree(value);
  }

  // ---- JobContext, as the handler sees it

  @Override
  public String id() {
    return job.id();
  }

  @Override
  public String topic() {
    return job.topic();
  }

  @Override
  public JsonNode params() {
    return job.params();
  }

  @Override
  public Optional<String> user() {
    return Optional.ofNullable(job.user());
  }

  @Override
  public int attempt() {
    return job.attempt();
  }

  @Override
  public int maxAttempts() {
    return job.maxAttempts();
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(job.deadline()).map(Instant::ofEpochMilli);
  }

  @Override
  public void progress(Object data) {
    if (!replies || stopReason.get() != null) {
      return;
    }
    JsonNode node = toJson(data);
    synchronized (this) { // seq order is send order, even when a handler reports from many threads
      var message = new IngressMessage.Progress(job.id(), job.route(), ++seq, node);
      if (push(message) == null) {
        outbox.add(new Outgoing.Progress(this, message));
      }
    }
  }

  @Override
  public boolean isCancelled() {
    return stopReason.get() != null;
  }

  @Override
  public String param(String name, String defaultValue) {
    return Params.string(job.params(), name, defaultValue);
  }

  @Override
  public boolean param(String name, boolean defaultValue) {
    return Params.bool(job.params(), name, defaultValue);
  }

  @Override
  public int param(String name, int defaultValue) {
    return Params.integer(job.params(), name, defaultValue);
  }

  @Override
  public int param(String name, int defaultValue, int min, int max) {
    return Params.integer(job.params(), name, defaultValue, min, max);
  }

  @Override
  public <T> T params(Class<T> type) {
    return Params.as(job.params(), type);
  }

  @Override
  public String toString() {
    return "job=" + job.id() + " topic=" + job.topic();
  }
}
