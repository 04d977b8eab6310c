package io.jobwire.frontend.internal.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions that ended here: their state is deleted if this front end still owns it, and then
 * (only then: another one may have taken it over) their cancel runs. Those that end meanwhile are
 * released together, up to 1,000 per script call, on {@code jobwire-cluster}; any thread asks.
 */
final class Releases {
  private static final Logger log = LoggerFactory.getLogger(Releases.class);
  private static final int MAX_BATCH = 1_000;

  private record Release(String subId, Runnable cancel) {}

  private final ClusterStore store;
  private final ExecutorService executor;
  private final Queue<Release> releases = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean releasing = new AtomicBoolean();

  Releases(ClusterStore store, ExecutorService executor) {
    this.store = store;
    this.executor = executor;
  }

  void release(String subId, Runnable cancel) {
    releases.add(new Release(subId, cancel));
    if (releasing.compareAndSet(false, true)) {
      executor.execute(this::releaseQueued);
    }
  }

  /** On {@code jobwire-cluster}: every release queued so far. */
  private void releaseQueued() {
    releasing.set(false); // one queued after this wakes another run
    List<Release> batch = new ArrayList<>();
    for (Release next = releases.poll(); next != null; next = releases.poll()) {
      batch.add(next);
      if (batch.size() == MAX_BATCH) {
        release(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      release(batch);
    }
  }

  private void release(List<Release> batch) {
    try {
      Set<String> released = Set.copyOf(store.release(batch.stream().map(Release::subId).toList()));
      for (Release release : batch) {
        if (release.cancel != null && released.contains(release.subId)) {
          release.cancel.run();
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "sub={} and {} more: state not released ({}); it expires",
          batch.getFirst().subId,
          batch.size() - 1,
          e.toString());
    }
  }
}
