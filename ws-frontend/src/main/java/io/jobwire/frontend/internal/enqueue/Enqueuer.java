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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobwire-enqueue} thread: drains the subscribe requests that IO threads hand over and
 * queues their jobs in batches, one Redis round trip for everything that piled up meanwhile. With
 * history in Redis, a new subscription's first state goes in that same round trip (see {@link
 * Outcome#firstWrites}), so that its {@code subscribed} can go out from here at once.
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

    /**
     * The same; {@code written}: its subscription's {@link #firstWrites} ran with the job and is in
     * Redis.
     */
    default void queued(Pending pending, String job, boolean written) {
      queued(pending, job);
    }

    /**
     * Before the round trip: one script to run in it next to the jobs, which will be queued as
     * {@code jobs} (in the order of {@code pendings}): the first state of their subscriptions; null
     * for none.
     */
    default FirstWrites firstWrites(List<Pending> pendings, List<String> jobs) {
      return null;
    }

    void failed(Pending pending, RuntimeException cause);

    /** False when nobody waits for it any more (the request is skipped). */
    boolean isLive(Pending pending);
  }

  /** A script writing the first state of the subscriptions of the pendings at {@code positions}. */
  public record FirstWrites(RedisGateway.ScriptCall call, Set<Integer> positions) {}

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
    FirstWrites[] asked = new FirstWrites[1];
    List<String> askedIds = new ArrayList<>();
    Object written;
    try {
      List<JobRequest> requests = live.stream().map(Pending::request).toList();
      EnqueueAlongside.Enqueued enqueued =
          queue instanceof EnqueueAlongside alongside
              ? alongside.enqueue(
                  requests,
                  ids -> {
                    askedIds.addAll(ids);
                    asked[0] = firstWrites(live, ids);
                    return asked[0] == null ? null : asked[0].call();
                  })
              : new EnqueueAlongside.Enqueued(queue.enqueue(requests), null);
      jobs = enqueued.jobs();
      written = enqueued.alongside();
      if (jobs.size() != live.size()) {
        throw new IllegalStateException(
            "queue returned " + jobs.size() + " ids for " + live.size() + " jobs");
      }
    } catch (RuntimeException e) {
      log.warn("could not queue {} job(s), answering unavailable: {}", live.size(), e.toString());
      live.forEach(pending -> answerFailed(pending, e));
      return;
    }
    if (written instanceof RuntimeException e) {
      log.warn(
          "the state of {} new subscription(s) was not written next to their jobs ({}); the"
              + " ingress writes it",
          asked[0].positions().size(),
          e.toString());
    }
    for (int i = 0; i < live.size(); i++) {
      // A failed write, or one with another id (the queue found the job queued already), is left
      // to the ingress's turn, which writes it as before.
      boolean first =
          written != null
              && !(written instanceof RuntimeException)
              && asked[0].positions().contains(i)
              && askedIds.get(i).equals(jobs.get(i));
      answerQueued(live.get(i), jobs.get(i), first);
    }
  }

  /** The first writes to run next to the jobs {@code ids} of {@code live}; null for none. */
  private FirstWrites firstWrites(List<Pending> live, List<String> ids) {
    try {
      return outcome.firstWrites(live, ids);
    } catch (RuntimeException e) {
      log.error("bug while writing {} subscription(s) next to their jobs", live.size(), e);
      return null;
    }
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
