package io.jobwire.frontend.internal.subscription;

import io.jobwire.frontend.TopicOptions;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.queue.JobRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The jobs behind one or more subscriptions: workers route to its id ({@code route.sub}). A plain
 * subscription has a stream of its own with the same id; a shared topic has one stream per distinct
 * (topic, params[, user]) whose messages are fanned out to every member.
 *
 * <p>At most one run at a time: the next run of a recurring topic is only queued after the previous
 * one ended. Guarded by its own monitor; it calls into member subscriptions (their locks come
 * second, never the other way round).
 */
public final class JobStream {
  /** Where a stream is in its life. */
  public enum Phase {
    /** A job is being queued or running. */
    RUNNING,
    /** A recurring stream between runs. */
    WAITING,
    /** A one-shot stream whose job ended. */
    DONE,
    CLOSED
  }

  private final String id;
  private final Object shareKey;
  private final JobRequest request;
  private final TopicOptions options;
  private final Set<Subscription> members = new LinkedHashSet<>();

  // Written under this; read without it (registry lookups must not wait for a busy stream).
  private volatile Phase phase = Phase.RUNNING;

  // Guarded by this.
  private String job;
  private long runStartedMillis;
  private boolean ran;
  private boolean firstRunAsked;
  private volatile boolean holder;
  private final BatchFinish batch;

  public JobStream(String id, Object shareKey, JobRequest request, TopicOptions options) {
    this(id, shareKey, request, options, null);
  }

  /** {@code batch}: a batch subscription's stream keeps the batch's result behind its jobs'. */
  public JobStream(
      String id, Object shareKey, JobRequest request, TopicOptions options, BatchFinish batch) {
    this.id = id;
    this.shareKey = shareKey;
    this.request = request;
    this.options = options;
    this.batch = batch;
  }

  /** A batch subscription's bookkeeping (ingress thread only), or null for any other stream. */
  public BatchFinish batch() {
    return batch;
  }

  public String id() {
    return id;
  }

  /** The key it is shared under, or null when it belongs to one subscription. */
  public Object shareKey() {
    return shareKey;
  }

  public JobRequest request() {
    return request;
  }

  public TopicOptions options() {
    return options;
  }

  public Phase phase() {
    return phase;
  }

  public synchronized String job() {
    return job;
  }

  public synchronized int memberCount() {
    return members.size();
  }

  /**
   * Adds a member; returns false when the stream already ended (the caller starts a new one). A
   * member joining after the job was queued hears {@code subscribed} at once.
   */
  public synchronized boolean join(Subscription member) {
    if (phase == Phase.CLOSED || phase == Phase.DONE) {
      return false;
    }
    members.add(member);
    if (job != null || options.scheduled()) {
      member.activate(job); // a scheduled topic's member hears subscribed before any run
    }
    return true;
  }

  /** Removes a member; returns true when it was the last one (the caller closes the stream). */
  public synchronized boolean leave(Subscription member) {
    members.remove(member);
    return members.isEmpty() && phase != Phase.CLOSED;
  }

  /** A run's job is queued at {@code startedMillis}. False when the stream closed meanwhile. */
  public boolean started(String jobId, long startedMillis) {
    return started(jobId, startedMillis, false);
  }

  /**
   * The same; {@code written}: its one member's first state was written with the job (see {@link
   * Subscription#firstWrite}), its {@code subscribed} goes out at once.
   */
  public synchronized boolean started(String jobId, long startedMillis, boolean written) {
    if (phase == Phase.CLOSED) {
      return false;
    }
    job = jobId;
    ran = true;
    runStartedMillis = startedMillis;
    phase = Phase.RUNNING;
    for (Subscription member : members) {
      if (!member.activate(jobId, written)) {
        member.follow(jobId);
      }
    }
    return true;
  }

  /** Hands a worker's message to every member, returning what became of it for each. */
  public synchronized List<Subscription.Outcome> offer(IngressMessage.Routed message) {
    List<Subscription.Outcome> outcomes = new ArrayList<>(members.size());
    // A copy: a send may close a slow client's connection on this very thread, which can end a
    // member and change the set while it is walked.
    for (Subscription member : List.copyOf(members)) {
      outcomes.add(member.offer(message));
    }
    return outcomes;
  }

  /**
   * The run with {@code jobId} ended. Returns the members that are now finished (one-shot), or an
   * empty list when the stream waits for its next run or the job was not the current one.
   */
  /** True when a result or failed of {@code jobId} ends this stream (a one-shot's running job). */
  public synchronized boolean isLastRun(String jobId) {
    return phase == Phase.RUNNING && jobId != null && jobId.equals(job) && !options.repeats();
  }

  public synchronized List<Subscription> runEnded(String jobId) {
    if (phase != Phase.RUNNING || jobId == null || !jobId.equals(job)) {
      return List.of();
    }
    if (options.repeats()) {
      phase = Phase.WAITING;
      return List.of();
    }
    phase = Phase.DONE;
    return List.copyOf(members);
  }

  /** True once any run's job was queued. */
  public synchronized boolean hadRun() {
    return ran;
  }

  /** A later run could not be queued: wait one more period. */
  public synchronized void queueFailed(long nowMillis) {
    if (phase == Phase.RUNNING && job == null) {
      phase = Phase.WAITING;
      runStartedMillis = nowMillis;
    }
  }

  public synchronized List<Subscription> members() {
    return List.copyOf(members);
  }

  /** When the next run of a recurring stream is due, in clock millis. */
  public synchronized long nextRunAt() {
    return runStartedMillis + options.every().toMillis();
  }

  /** Claims the next run; false when the stream closed or is not waiting. */
  public synchronized boolean startNextRun() {
    if (phase != Phase.WAITING) {
      return false;
    }
    phase = Phase.RUNNING;
    job = null;
    return true;
  }

  /**
   * Taken over from another front end, with its one member: following {@code jobId} (null when none
   * was queued yet), or past it when {@code jobDone}.
   */
  public synchronized void restore(
      Subscription member, String jobId, boolean jobDone, long nowMillis) {
    members.add(member);
    job = jobId;
    ran = jobId != null;
    runStartedMillis = nowMillis;
    phase = !jobDone ? Phase.RUNNING : options.repeats() ? Phase.WAITING : Phase.DONE;
  }

  /** Shared across front ends: true while this front end holds its lease (runs its job). */
  public boolean isHolder() {
    return holder;
  }

  public void holder(boolean value) {
    holder = value;
  }

  /** True the first time only: the caller queues the first run. */
  public synchronized boolean askFirstRun() {
    if (firstRunAsked || ran || phase != Phase.RUNNING) {
      return false;
    }
    firstRunAsked = true;
    return true;
  }

  /** Ends it; returns the job to cancel (queued or running), or null. */
  public synchronized String close() {
    Phase was = phase;
    phase = Phase.CLOSED;
    members.clear();
    return was == Phase.RUNNING ? job : null;
  }

  @Override
  public String toString() {
    return "stream=" + id + " topic=" + request.topic();
  }
}
