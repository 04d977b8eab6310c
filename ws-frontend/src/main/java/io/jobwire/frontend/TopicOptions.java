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
    return toBuilder().scheduled(value).build();
  }

  public TopicOptions withEvery(Duration value) {
    return toBuilder().every(value).build();
  }

  public TopicOptions withShared(boolean value, boolean privatePerUser) {
    return toBuilder().shared(value, privatePerUser).build();
  }

  public TopicOptions withMaxAttempts(int value) {
    return toBuilder().maxAttempts(value).build();
  }

  public TopicOptions withTimeout(Duration value) {
    return toBuilder().timeout(value).build();
  }

  public TopicOptions withMaxJobsPerUser(int value) {
    return toBuilder().maxJobsPerUser(value).build();
  }

  public TopicOptions withRetention(ResumeWindow value) {
    return toBuilder().retention(value).build();
  }

  /** Starts from {@link #DEFAULTS}. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects values; {@link #build()} validates them (the record's constructor). */
  public static final class Builder {
    private Duration every;
    private boolean shared;
    private boolean perUser;
    private int maxAttempts;
    private Duration timeout;
    private ResumeWindow retention;
    private int maxJobsPerUser;
    private boolean scheduled;

    private Builder(TopicOptions from) {
      every = from.every;
      shared = from.shared;
      perUser = from.perUser;
      maxAttempts = from.maxAttempts;
      timeout = from.timeout;
      retention = from.retention;
      maxJobsPerUser = from.maxJobsPerUser;
      scheduled = from.scheduled;
    }

    /** null = one-shot. */
    public Builder every(Duration value) {
      every = value;
      return this;
    }

    /** {@code privatePerUser}: one shared stream per user ({@code private} in the topics file). */
    public Builder shared(boolean value, boolean privatePerUser) {
      shared = value;
      perUser = privatePerUser;
      return this;
    }

    /** 0 = the queue's default. */
    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    /** null = none. */
    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    /** null = the front end's window. */
    public Builder retention(ResumeWindow value) {
      retention = value;
      return this;
    }

    /** 0 = none of its own. */
    public Builder maxJobsPerUser(int value) {
      maxJobsPerUser = value;
      return this;
    }

    public Builder scheduled(boolean value) {
      scheduled = value;
      return this;
    }

    public TopicOptions build() {
      return new TopicOptions(
          every, shared, perUser, maxAttempts, timeout, retention, maxJobsPerUser, scheduled);
    }
  }
}
