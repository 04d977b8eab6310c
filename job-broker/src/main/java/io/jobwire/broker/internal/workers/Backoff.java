package io.jobwire.broker.internal.workers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: before retry n the job waits a uniformly random time in [0,
 * min(cap, base * 2^(n-1))], so jobs that failed together do not come back together.
 */
public final class Backoff {
  private final long baseMs;
  private final long capMs;
  private final LongUnaryOperator random;

  public Backoff(Duration base, Duration cap) {
    this(base, cap, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** {@code random} maps a bound to a number in [0, bound]; tests pass a fixed one. */
  public Backoff(Duration base, Duration cap, LongUnaryOperator random) {
    this.baseMs = base.toMillis();
    this.capMs = cap.toMillis();
    this.random = random;
  }

  /** The wait before the job runs again after its {@code attempt}-th run failed. */
  long delayMillis(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 40));
    long ceiling = baseMs << doublings;
    if (ceiling <= 0 || ceiling > capMs) {
      ceiling = capMs;
    }
    return random.applyAsLong(ceiling);
  }
}
