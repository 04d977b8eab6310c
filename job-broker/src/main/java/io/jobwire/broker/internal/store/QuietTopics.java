package io.jobwire.broker.internal.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The topics whose timed work ({@code due.lua}) last found nothing running, delayed or with a
 * deadline: the broker looks at each once a second instead of every poll, so a topic that had a job
 * once costs Redis a few commands a second when idle, not ~40. This broker's own claims and retries
 * end a topic's quiet at once; another process's are seen within {@link #RECHECK_NANOS}. Used on
 * the {@code jobwire-broker} thread only.
 */
final class QuietTopics {
  static final long RECHECK_NANOS = 1_000_000_000L;

  /** Tag to the nanoTime until which its timed work is left alone. */
  private final Map<String, Long> until = new HashMap<>();

  /** True while the topic is quiet and its recheck is not due. */
  boolean skip(String tag, long nanos) {
    Long quietUntil = until.get(tag);
    return quietUntil != null && nanos - quietUntil < 0;
  }

  /** What the timed work found: quiet (looked at again in a second) or not. */
  void found(String tag, boolean quiet, long nanos) {
    if (quiet) {
      until.put(tag, nanos + RECHECK_NANOS);
    } else {
      until.remove(tag);
    }
  }

  /** This broker gave the topic work its timed work must watch: a lease, a retry. */
  void busy(String tag) {
    until.remove(tag);
  }
}
