package io.jobwire.worker.testing;

import java.util.concurrent.atomic.AtomicLong;

/** One counter for every message the fakes receive, so a test can tell which came first. */
final class Arrivals {
  private static final AtomicLong NEXT = new AtomicLong();

  private Arrivals() {}

  static long next() {
    return NEXT.incrementAndGet();
  }
}
