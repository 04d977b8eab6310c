package io.jobwire.frontend.internal.enqueue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The subscribes waiting for {@code jobwire-enqueue}: any thread hands one over ({@link #submit}
 * never blocks, safe on IO threads); the {@link Enqueuer} drains them. Built first, so that what
 * submits and what drains need not know each other.
 */
public final class PendingQueue {
  private final BlockingQueue<Enqueuer.Pending> waiting = new LinkedBlockingQueue<>();

  public void submit(Enqueuer.Pending pending) {
    waiting.add(pending);
  }

  /** On {@code jobwire-enqueue}: waits for one, then takes up to {@code max} in all. */
  void takeBatch(List<Enqueuer.Pending> into, int max) throws InterruptedException {
    into.add(waiting.take());
    waiting.drainTo(into, max - 1);
  }

  int size() {
    return waiting.size();
  }
}
