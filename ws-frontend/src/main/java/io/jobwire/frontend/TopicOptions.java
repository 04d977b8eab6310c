package io.jobwire.frontend;

import java.time.Duration;

/**
 * How one topic is served. Topics without options get {@link #DEFAULTS}: one job per subscription.
 *
 * @param every null for a one-shot topic; otherwise the job is re-run this often while subscribed,
 *     never two runs of one subscription at once (a slow run delays the next one)
 * @param shared one job stream per distinct (topic, params) for all subscribers, results fanned
 *     out; its job is cancelled when the last subscriber leaves
 * @param perUser with {@code shared}: one stream per (topic, params, user) instead ({@code private}
 *     in the topics file)
 * @param maxAttempts how often a job may run before it goes to the dead letters; 0 = the queue's
 *     default
 * @param timeout a job not finished this long after it was queued is cancelled (its deadline); null
 *     = none
 * @param retention what a subscription keeps for resume; null = the front end's window
 * @param maxJobsPerUser a user's subscriptions to this topic whose jobs are queued or running at
 *     once, counted apart from the user's other topics; 0 = none of its own (the front end's {@link
 *     Limits#maxJobsPerUser()}, shared with the other such topics)
 * @param scheduled subscribers follow the runs of the topic's schedules (queued by the brokers)
 *     instead of starting a job: one shared stream for everyone, {@code subscribed} without a job,
 *     then each run's messages; implies {@code shared}, excludes {@code every}
 */
public record TopicOptions(
    Duration every,
    boolean shared,
    boolean perUser,
    int maxAttempts,
    Duration timeout,
    ResumeWindow retention,
    int maxJobsPerUser,
    boolean scheduled) {

  public static final TopicOptions DEFAULTS =
      new TopicOptions(null, false, false, 0, null, null, 0);

  /** A topic that is not {@code scheduled}. */
  public TopicOptions(
      Duration every,
      boolean shared,
      boolean perUser,
      int maxAttempts,
      Duration timeout,
      ResumeWindow retention,
      int maxJobsPerUser) {
    this(every, shared, perUser, maxAttempts, timeout, retention, maxJobsPerUser, false);
  }

  /** The shortest period accepted for a recurring topic. */
  public static final Duration MIN_EVERY = Duration.ofMillis(10);

  public TopicOptions {
    if (every != null && every.compareTo(MIN_EVERY) < 0) {
      throw new IllegalArgumentException("every must be >= " + MIN_EVERY + ", was " + every);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("max_attempts must be >= 0, was " + maxAttempts);
    }
    if (maxJobsPerUser < 0) {
      throw new IllegalArgumentException("max_jobs_per_user must be >= 0, was " + maxJobsPerUser);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (scheduled && every != null) {
      throw new IllegalArgumentException("a scheduled topic has no every: its schedules say when");
    }
    if (scheduled) {
      shared = true;
      perUser = false;
    }
  }

  public boolean recurring() {
    return every != null;
  }

  /** True when a stream of this topic has more than one run: recurring or scheduled. */
  public boolean repeats() {
    return every != null || scheduled;
  }

  public TopicOptions withScheduled(boolean value) {
    return new TopicOptions(
        every, shared, perUser, maxAttempts, timeout, retention, maxJobsPerUser, value);
  }

  public TopicOptions withEvery(Duration value) {
    return new TopicOptions(
        value, shared, perUser, maxAttempts, timeout, retention, maxJobsPerUser, scheduled);
  }

  public TopicOptions withShared(boolean value, boolean privatePerUser) {
    return new TopicOptions(
        every, value, privatePerUser, maxAttempts, timeout, retention, maxJobsPerUser, scheduled);
  }

  public TopicOptions withMaxAttempts(int value) {
    return new TopicOptions(
        every, shared, perUser, value, timeout, retention, maxJobsPerUser, scheduled);
  }

  public TopicOptions withTimeout(Duration value) {
    return new TopicOptions(
        every, shared, perUser, maxAttempts, value, retention, maxJobsPerUser, scheduled);
  }

  public TopicOptions withMaxJobsPerUser(int value) {
    return new TopicOptions(
        every, shared, perUser, maxAttempts, timeout, retention, value, scheduled);
  }

  public TopicOptions withRetention(ResumeWindow value) {
    return new TopicOptions(
        every, shared, perUser, maxAttempts, timeout, value, maxJobsPerUser, scheduled);
  }
}
