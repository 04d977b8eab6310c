package io.jobwire.frontend.internal.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.redis.EnqueueAlongside;
import io.jobwire.queue.redis.RedisGateway;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobwire-enqueue} thread: drains the subscribe requests that IO threads hand over and
 * queues their jobs in batches, one Redis round trip for everything that piled up meanwhile. With
 * history in Redis, a new subscription's first state goes in that same round trip (see {@link
 * Outcome#firstWrite}), so that its {@code subscribed} can go out from here at once.
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

    /** The same; {@code written}: its {@link #firstWrite} ran with the job and is in Redis. */
    default void queued(Pending pending, String job, boolean written) {
      queued(pending, job);
    }

    /**
     * Before the round trip: a script to run in it next to the job, which will be queued as {@code
     * job} (the subscription's first state); null for none.
     */
    default RedisGateway.ScriptCall firstWrite(Pending pending, String job) {
      return null;
    }

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
    List<EnqueueAlongside.Queued> jobs;
    String[] asked = new String[live.size()];
    try {
      List<JobRequest> requests = live.stream().map(Pending::request).toList();
      jobs =
          queue instanceof EnqueueAlongside alongside
              ? alongside.enqueue(requests, (i, id) -> firstWrite(live.get(i), asked, i, id))
              : queue.enqueue(requests).stream()
                  .map(id -> new EnqueueAlongside.Queued(id, null))
                  .toList();
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
      EnqueueAlongside.Queued queued = jobs.get(i);
      answerQueued(live.get(i), queued.job(), written(live.get(i), queued, asked[i]));
    }
  }

  /** The first write to run next to {@code pending}'s job {@code id}; noted in {@code asked}. */
  private RedisGateway.ScriptCall firstWrite(Pending pending, String[] asked, int i, String id) {
    try {
      RedisGateway.ScriptCall call = outcome.firstWrite(pending, id);
      asked[i] = call == null ? null : id;
      return call;
    } catch (RuntimeException e) {
      log.error(
          "bug while writing sub={} next to its job; the ingress writes it", subOf(pending), e);
      return null;
    }
  }

  /**
   * True when the first write ran with the job's very id: a failed one, or one with another id (the
   * queue found the job queued already), is left to the ingress's turn, which writes it as before.
   */
  private static boolean written(Pending pending, EnqueueAlongside.Queued queued, String asked) {
    if (asked == null || queued.alongside() == null) {
      return false;
    }
    if (queued.alongside() instanceof RuntimeException e) {
      log.warn(
          "sub={} job={} state not written next to its job ({}); the ingress writes it",
          subOf(pending),
          queued.job(),
          e.toString());
      return false;
    }
    return asked.equals(queued.job());
  }

  /** One client's answer; a bug in it must not keep the rest of the batch from theirs. */
  private void answerQueued(Pending pending, String job) {
    answerQueued(pending, job, false);
  }

  private void answerQueued(Pending pending, String job, boolean written) {
    try {
      outcome.queued(pending, job, written);
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
