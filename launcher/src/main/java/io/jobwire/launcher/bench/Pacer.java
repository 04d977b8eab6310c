package io.jobwire.launcher.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until an intended send time. {@code parkNanos} alone oversleeps here by 0.1 ms typically
 * and by up to 3 ms at p99 (2 shared cores), which would land in every figure measured from the
 * intended time; so it parks until shortly before and spins the rest (at most {@link #SPIN_NANOS}
 * per send: 10% of a core at 1,000 sends/s).
 */
final class Pacer {
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private Pacer() {}

  static void awaitUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > SPIN_NANOS) {
      LockSupport.parkNanos(wait - SPIN_NANOS);
    }
    while (System.nanoTime() < nanoTime) {
      Thread.onSpinWait();
    }
  }
}
