package io.jobwire.frontend.internal.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobwire-enqueue} thread: drains the subscribe requests that IO threads hand over and
 * queues their jobs in batches, one Redis round trip for everything that piled up meanwhile.
 */
public final class Enqueuer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Enqueuer.class);
  static final int MAX_BATCH = 256;

  /**
   * A stream waiting for its next run's job to be queued; with {@code batch} (one params object per
   * job, else null), for its batch to be queued: {@code request} is then every job's template.
   */
  public record Pending(JobStream stream, JobRequest request, List<JsonNode> batch) {
    Pending(JobStream stream, JobRequest request) {
      this(stream, request, null);
    }
  }

  /** Hears how each pending subscription's enqueue went; called on {@code jobwire-enqueue}. */
  public interface Outcome {
    void queued(Pending pending, String job);

    void failed(Pending pending, RuntimeException cause);

    /** False when nobody waits for it any more (the request is skipped). */
    boolean isLive(Pending pending);
  }

  private final JobQueue queue;
  private final PendingQueue waiting;
  private final Outcome outcome;
  private final Thread thread;

  /** Drains {@code waiting} into {@code queue}; {@code outcome} hears how each went. */
  public Enqueuer(JobQueue queue, PendingQueue waiting, Outcome outcome) {
    this.queue = queue;
    this.waiting = waiting;
    this.outcome = outcome;
    this.thread = new Thread(this::run, "jobwire-enqueue");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** True while {@code jobwire-enqueue} runs (readiness); any thread. */
  public boolean alive() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = waiting.size();
    if (left > 0) {
      log.info("dropping {} subscribe(s) not yet queued: the front end is closing", left);
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        waiting.takeBatch(batch, MAX_BATCH);
        try {
          enqueue(batch);
        } catch (RuntimeException e) {
          log.error("bug while queueing {} subscribe(s); carrying on", batch.size(), e);
        } finally {
          batch.clear();
        }
      }
    } catch (InterruptedException e) {
      // close() asked us to stop.
    }
  }

  private void enqueue(List<Pending> batch) {
    // A client may have gone (or unsubscribed) while its request waited: skip the round trip.
    List<Pending> live = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      if (isLive(pending)) {
        live.add(pending);
      }
    }
    for (Pending pending : List.copyOf(live)) {
      if (pending.batch() != null) {
        live.remove(pending);
        enqueueBatch(pending);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    List<String> jobs;
    try {
      jobs = queue.enqueue(live.stream().map(Pending::request).toList());
      if (jobs.size() != live.size()) {
        throw new IllegalStateException(
            "queue returned " + jobs.size() + " ids for " + live.size() + " jobs");
      }
    } catch (RuntimeException e) {
      log.warn("could not queue {} job(s), answering unavailable: {}", live.size(), e.toString());
      live.forEach(pending -> answerFailed(pending, e));
      return;
    }
    for (int i = 0; i < live.size(); i++) {
      answerQueued(live.get(i), jobs.get(i));
    }
  }

  /** One client's answer; a bug in it must not keep the rest of the batch from theirs. */
  private void answerQueued(Pending pending, String job) {
    try {
      outcome.queued(pending, job);
    } catch (RuntimeException e) {
      log.error("bug while answering sub={} job={} queued; carrying on", subOf(pending), job, e);
    }
  }

  private void answerFailed(Pending pending, RuntimeException cause) {
    try {
      outcome.failed(pending, cause);
    } catch (RuntimeException e) {
      log.error(
          "bug while answering sub={} its job failed to queue; carrying on", subOf(pending), e);
    }
  }

  private boolean isLive(Pending pending) {
    try {
      return outcome.isLive(pending);
    } catch (RuntimeException e) {
      log.error("bug while checking sub={} still waits; queueing its job", subOf(pending), e);
      return true;
    }
  }

  private static String subOf(Pending pending) {
    return pending.stream() == null ? null : pending.stream().id();
  }

  /** A batch is one round trip of its own; its id stands for the stream's job. */
  private void enqueueBatch(Pending pending) {
    JobRequest template = pending.request();
    BatchRequest.Builder batch =
        BatchRequest.builder().reportTo(template.replyTo(), template.route());
    pending.batch().forEach(params -> batch.add(template.withParams(params)));
    String id;
    try {
      id = queue.enqueueBatch(batch.build()).batch();
    } catch (RuntimeException e) {
      log.warn("could not queue a batch of {} job(s): {}", pending.batch().size(), e.toString());
      answerFailed(pending, e);
      return;
    }
    answerQueued(pending, id);
  }
}
