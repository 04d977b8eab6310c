package io.jobwire.frontend.internal.resume;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ResumeBuffer} written through to Redis ({@code jobwire:{NS}:sub:S:history}) so that a
 * client may resume on any front end. A copy is kept in memory for resumes here (no Redis call
 * under the subscription's lock). A delivery is held until the {@code HistoryWriter} wrote it in
 * its ingress-loop turn; only then is it sent, and only then is it replayed on a resume, so that
 * what a client saw is always in Redis.
 */
public final class RedisResumeBuffer implements ResumeBuffer {
  /**
   * Something waiting for the write: a delivery (with its ingress message), or a reply for one
   * connection ({@code target}; dropped if the subscription moved to another one meanwhile).
   */
  public record Unwritten(
      ServerMessage message, IngressMessage.Routed source, ClientConnection target) {}

  private final MemoryResumeBuffer mirror;
  private final ResumeWindow window;
  private final List<Unwritten> unwritten = new ArrayList<>();
  private long writtenSeq;

  public RedisResumeBuffer(ResumeWindow window, Clock clock) {
    this.window = window;
    this.mirror = new MemoryResumeBuffer(window, clock);
  }

  /** Restored from Redis: {@code history} (oldest first) was written, up to {@code seq}. */
  public RedisResumeBuffer(
      ResumeWindow window, Clock clock, List<ServerMessage.Delivery> history, long seq) {
    this(window, clock);
    history.forEach(mirror::add);
    mirror.startAfter(seq);
    writtenSeq = seq;
  }

  public ResumeWindow window() {
    return window;
  }

  @Override
  public void add(ServerMessage.Delivery message) {
    add(message, null);
  }

  @Override
  public void add(ServerMessage.Delivery message, IngressMessage.Routed source) {
    mirror.add(message);
    unwritten.add(new Unwritten(message, source, null));
  }

  /** A reply for {@code target} that must wait for the deliveries before it. */
  public void hold(ServerMessage message, ClientConnection target) {
    unwritten.add(new Unwritten(message, null, target));
  }

  /** Replays only what was written; the rest follows when it is. */
  @Override
  public Replay since(long after) {
    Replay all = mirror.since(after);
    List<ServerMessage.Delivery> written =
        all.messages().stream().filter(m -> m.seq() <= writtenSeq).toList();
    return new Replay(all.gapFrom(), all.gapTo(), written);
  }

  /** What the next write takes (a copy). */
  public List<Unwritten> unwritten() {
    return List.copyOf(unwritten);
  }

  /** The first {@code count} were written: removed and returned, to be sent. */
  public List<Unwritten> written(int count) {
    List<Unwritten> done = new ArrayList<>(unwritten.subList(0, count));
    for (Unwritten u : done) {
      if (u.message() instanceof ServerMessage.Delivery d) {
        writtenSeq = Math.max(writtenSeq, d.seq());
      }
    }
    unwritten.subList(0, count).clear();
    return done;
  }

  public int unwrittenCount() {
    return unwritten.size();
  }
}
