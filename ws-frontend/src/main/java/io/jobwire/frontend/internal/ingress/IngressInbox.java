package io.jobwire.frontend.internal.ingress;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What other threads hand to {@code jobwire-ingress}: tasks for its next turn, and wake-ups. Built
 * before everything that posts to the loop (the cluster, the history writer), and before the loop,
 * which drains it each turn; so nothing needs the loop itself to post.
 */
public final class IngressInbox {
  /**
   * {@code -Djobwire.internal.ingress-wake=false} turns the wake-ups off, so that the benchmarks'
   * before/after of issue 14 runs on one build (with {@code
   * jobwire.internal.ingress-poll-millis=10}, the old behaviour). Never for production: everything
   * then waits for the poll timeout.
   */
  private static final boolean WAKE =
      Boolean.parseBoolean(System.getProperty("jobwire.internal.ingress-wake", "true"));

  private final Queue<Consumer<IngressRouter>> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicReference<IngressWaiter> waiter = new AtomicReference<>();
  private volatile Thread owner;

  /** Runs {@code task} on {@code jobwire-ingress} in its next turn, at once; any thread. */
  public void post(Runnable task) {
    route(router -> task.run());
  }

  /** Runs {@code task} with the loop's router on {@code jobwire-ingress}; any thread. */
  public void route(Consumer<IngressRouter> task) {
    tasks.add(task);
    wake();
  }

  /**
   * Any thread: there is work for the next turn (e.g. a subscription has something to write); the
   * loop starts one now if it sleeps. Free on the loop's own thread, which ends its turn anyway.
   */
  public void wake() {
    IngressWaiter current = waiter.get();
    if (WAKE && current != null && Thread.currentThread() != owner) {
      current.wake();
    }
  }

  /** On {@code jobwire-ingress}, once: where it sleeps between turns. */
  void attach(IngressWaiter sleep) {
    owner = Thread.currentThread();
    waiter.set(sleep);
  }

  /** Ends the loop's current sleep whatever {@link #WAKE} says (closing). */
  void wakeNow() {
    IngressWaiter current = waiter.get();
    if (current != null) {
      current.wake();
    }
  }

  /** On {@code jobwire-ingress}: the next task, or null. */
  Consumer<IngressRouter> poll() {
    return tasks.poll();
  }
}
