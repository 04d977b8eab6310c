package io.jobwire.queue;

import java.util.Locale;

/**
 * How urgent a job is. Higher ones go first, but only by a bounded head start, so lower ones never
 * starve: a job is ranked as if it had been enqueued {@link #rankOffsetMillis()} later (high: 30 s
 * earlier, low: 30 s later). Under steady load a high job overtakes every normal job enqueued up to
 * 30 s before it and every low one up to 60 s before it; a low job waits at most 60 s longer than a
 * high one enqueued at the same moment. Within a priority, oldest first.
 */
public enum JobPriority {
  HIGH(-30_000),
  NORMAL(0),
  LOW(30_000);

  private final long rankOffsetMillis;

  JobPriority(long rankOffsetMillis) {
    this.rankOffsetMillis = rankOffsetMillis;
  }

  public long rankOffsetMillis() {
    return rankOffsetMillis;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
