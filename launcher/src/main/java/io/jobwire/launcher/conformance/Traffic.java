package io.jobwire.launcher.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Everything the {@link Wiretap} forwarded, in the order it saw it; safe from any thread. */
final class Traffic {
  private final List<Seen> seen = new ArrayList<>();

  synchronized void add(Seen frame) {
    seen.add(frame);
    notifyAll();
  }

  /** A position in the recording, for {@link #await(int, Predicate, Duration)}. */
  synchronized int mark() {
    return seen.size();
  }

  synchronized List<Seen> all() {
    return List.copyOf(seen);
  }

  synchronized List<Seen> since(int mark) {
    return List.copyOf(seen.subList(mark, seen.size()));
  }

  /** The first frame at or after {@code mark} that matches, waiting up to {@code timeout}. */
  synchronized Seen await(int mark, Predicate<Seen> match, Duration timeout)
      throws InterruptedException, TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    int next = mark;
    while (true) {
      for (; next < seen.size(); next++) {
        if (match.test(seen.get(next))) {
          return seen.get(next);
        }
      }
      long left = until - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("nothing matching within " + timeout.toMillis() + " ms");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** All frames at or after {@code mark} that match. */
  synchronized List<Seen> matching(int mark, Predicate<Seen> match) {
    List<Seen> found = new ArrayList<>();
    for (Seen frame : seen.subList(mark, seen.size())) {
      if (match.test(frame)) {
        found.add(frame);
      }
    }
    return found;
  }
}
