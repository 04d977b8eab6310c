package io.jobwire.frontend.internal.resume;

import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.util.List;

/**
 * What one subscription delivered, kept for a client that reconnects: in this process ({@link
 * MemoryResumeBuffer}), or written through to Redis so that any front end can resume it ({@link
 * RedisResumeBuffer}). Called under the subscription's lock, never concurrently for one
 * subscription.
 */
public interface ResumeBuffer {

  /** Keeps a delivery; deliveries arrive in {@code seq} order. */
  void add(ServerMessage.Delivery message);

  /** Keeps a delivery made from {@code source} (null for a published event). */
  default void add(ServerMessage.Delivery message, IngressMessage.Routed source) {
    add(message);
  }

  /** What came after {@code after}: a gap for what is no longer kept, then the rest in order. */
  Replay since(long after);

  /**
   * A replay.
   *
   * @param gapFrom the first seq no longer kept, or 0 when nothing is missing
   * @param gapTo the last seq no longer kept
   */
  record Replay(long gapFrom, long gapTo, List<ServerMessage.Delivery> messages) {
    public boolean hasGap() {
      return gapFrom > 0;
    }
  }
}
