package io.jobwire.frontend.internal.subscription;

import io.jobwire.protocol.IngressMessage;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a batch subscription's own {@code result} behind its jobs' ends. A job's result comes from
 * its worker and the batch's totals from a broker, over two ZeroMQ pipes into one PULL socket, so
 * the batch's result can overtake the last jobs' results; delivered first, it would end the
 * subscription and drop them. Runs on {@code jobwire-ingress} only.
 */
public final class BatchFinish {
  /** How long the batch's result waits for a job whose own end never comes: a safety net. */
  public static final long WAIT_MILLIS = 2_000;

  /** The batch's result held back, and the frame it came in. */
  public record Held(IngressMessage.Routed message, byte[] frame) {}

  private final Set<String> ended = new HashSet<>();
  private Held held;
  private long heldSince;
  private int total;

  /**
   * The batch's own result arrived: true when it may go now, false when it waits (held here) for
   * jobs whose result or failed has not arrived yet.
   */
  public boolean mayEnd(IngressMessage.Routed message, byte[] frame, long now) {
    if (!(message instanceof IngressMessage.Result result) || result.data() == null) {
      return true;
    }
    total = result.data().path("total").asInt(0);
    if (ended.size() >= total) {
      return true;
    }
    held = new Held(message, frame);
    heldSince = now;
    return false;
  }

  /** A job of the batch ended; returns the held batch result once none is missing, else null. */
  public Held jobEnded(String job) {
    ended.add(job);
    return held != null && ended.size() >= total ? release() : null;
  }

  /** The held batch result once it waited {@link #WAIT_MILLIS}, else null. */
  public Held overdue(long now) {
    return held != null && now - heldSince >= WAIT_MILLIS ? release() : null;
  }

  private Held release() {
    Held out = held;
    held = null;
    return out;
  }
}
