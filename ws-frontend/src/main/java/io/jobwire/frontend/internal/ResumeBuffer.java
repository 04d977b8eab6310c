package io.jobwire.frontend.internal;

import io.jobwire.protocol.ServerMessage;
import java.util.List;

/**
 * What one subscription delivered, kept for a client that reconnects. In memory for now ({@link
 * MemoryResumeBuffer}); a store shared by several front ends (Redis) fits the same interface.
 * Called under the subscription's lock, never concurrently for one subscription.
 */
interface ResumeBuffer {

  /** Keeps a delivery; deliveries arrive in {@code seq} order. */
  void add(ServerMessage.Delivery message);

  /** What came after {@code after}: a gap for what is no longer kept, then the rest in order. */
  Replay since(long after);

  /**
   * A replay.
   *
   * @param gapFrom the first seq no longer kept, or 0 when nothing is missing
   * @param gapTo the last seq no longer kept
   */
  record Replay(long gapFrom, long gapTo, List<ServerMessage.Delivery> messages) {
    boolean hasGap() {
      return gapFrom > 0;
    }
  }
}
