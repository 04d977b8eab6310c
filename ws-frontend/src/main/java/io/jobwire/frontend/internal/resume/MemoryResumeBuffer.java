package io.jobwire.frontend.internal.resume;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link ResumeBuffer} holding the newest deliveries, bounded by count and age. */
public final class MemoryResumeBuffer implements ResumeBuffer {
  private record Kept(long at, ServerMessage.Delivery message) {}

  private final int maxMessages;
  private final long keepForMillis;
  private final Clock clock;
  private final Deque<Kept> kept = new ArrayDeque<>();
  private long lastSeq;

  public MemoryResumeBuffer(ResumeWindow window, Clock clock) {
    this.maxMessages = window.maxMessages();
    this.keepForMillis = window.keepFor().toMillis();
    this.clock = clock;
  }

  /** Restored from another front end: seqs up to {@code seq} were delivered (maybe not kept). */
  void startAfter(long seq) {
    lastSeq = Math.max(lastSeq, seq);
  }

  @Override
  public void add(ServerMessage.Delivery message) {
    lastSeq = message.seq();
    if (maxMessages == 0) {
      return;
    }
    kept.addLast(new Kept(clock.millis(), message));
    while (kept.size() > maxMessages) {
      kept.removeFirst();
    }
    prune();
  }

  @Override
  public Replay since(long after) {
    prune();
    List<ServerMessage.Delivery> out = new ArrayList<>();
    for (Kept k : kept) {
      if (k.message().seq() > after) {
        out.add(k.message());
      }
    }
    long firstKept = out.isEmpty() ? lastSeq + 1 : out.get(0).seq();
    if (firstKept > after + 1) {
      return new Replay(after + 1, firstKept - 1, out);
    }
    return new Replay(0, 0, out);
  }

  private void prune() {
    long oldest = clock.millis() - keepForMillis;
    while (!kept.isEmpty() && kept.peekFirst().at() < oldest) {
      kept.removeFirst();
    }
  }
}
