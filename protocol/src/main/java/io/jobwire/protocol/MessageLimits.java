package io.jobwire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How big and how deep a message may be, on every socket that receives one.
 *
 * <p>ZeroMQ allocates the size a frame header claims before any payload (or CURVE handshake)
 * arrives, so every receiving socket sets {@code maxMsgSize}: a header claiming more closes that
 * one connection instead of exhausting memory. The default fits the largest legal message: a job
 * whose {@code params} fill a client frame of the largest default size, with room for the envelope.
 */
public final class MessageLimits {

  /** The default largest ZeroMQ message a socket accepts: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

  /** The smallest limit accepted: every protocol message of a default-sized frame must fit. */
  public static final int MIN_MAX_MESSAGE_BYTES = 64 * 1024 + MessageLimits.ENVELOPE_BYTES;

  /** The largest limit accepted (ZeroMQ allocates this much per connection up front). */
  public static final int MAX_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  /**
   * What a job envelope adds around a client's {@code params}: id, topic, user, route, reply_to.
   */
  public static final int ENVELOPE_BYTES = 16 * 1024;

  /**
   * The deepest {@code params} accepted: the params object itself is depth 1. The job envelope adds
   * two levels ({@code {"type":"job","job":{…"params":…}}}), far below what any JSON library a
   * worker uses refuses (Jackson and Python's {@code json}: about 1000).
   */
  public static final int MAX_PARAMS_DEPTH = 32;

  /** The most jobs one {@code subscribe} may start as a batch. */
  public static final int MAX_BATCH_JOBS = 1000;

  private MessageLimits() {}

  /**
   * Fails with a message for the client unless {@code batch} is 1 to {@link #MAX_BATCH_JOBS} params
   * objects (each as deep as {@code params} may be), given without {@code params} and {@code
   * resume}.
   */
  public static void requireBatch(JsonNode batch, JsonNode params, Object resume) {
    if (params != null && !params.isNull()) {
      throw new IllegalArgumentException(
          "give 'params' or 'batch', not both: 'batch' holds each job's params");
    }
    if (resume != null) {
      throw new IllegalArgumentException("'batch' cannot go with 'resume'");
    }
    if (!batch.isArray() || batch.isEmpty() || batch.size() > MAX_BATCH_JOBS) {
      throw new IllegalArgumentException(
          "'batch' must be an array of 1 to " + MAX_BATCH_JOBS + " params objects");
    }
    for (JsonNode each : batch) {
      if (!each.isObject()) {
        throw new IllegalArgumentException("every item of 'batch' must be a JSON object");
      }
      requireParamsDepth(each);
    }
  }

  /** Fails with a message naming {@code what} unless {@code bytes} is an accepted limit. */
  public static int requireMaxMessageBytes(long bytes, String what) {
    if (bytes < MIN_MAX_MESSAGE_BYTES || bytes > MAX_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          what
              + " must be "
              + MIN_MAX_MESSAGE_BYTES
              + ".."
              + MAX_MAX_MESSAGE_BYTES
              + " bytes, was "
              + bytes);
    }
    return (int) bytes;
  }

  /** How deeply {@code node} nests: a scalar is 0, {@code {}} and {@code []} are 1. */
  public static int depth(JsonNode node) {
    // Iterative: a hostile tree must not cost stack.
    record Level(JsonNode node, int depth) {}
    Deque<Level> pending = new ArrayDeque<>();
    pending.push(new Level(node, node != null && node.isContainerNode() ? 1 : 0));
    int deepest = 0;
    while (!pending.isEmpty()) {
      Level level = pending.pop();
      deepest = Math.max(deepest, level.depth());
      for (JsonNode child : level.node()) {
        if (child.isContainerNode()) {
          pending.push(new Level(child, level.depth() + 1));
        }
      }
    }
    return deepest;
  }

  /** Fails unless {@code params} nests at most {@link #MAX_PARAMS_DEPTH} deep. */
  public static void requireParamsDepth(JsonNode params) {
    if (params != null && depth(params) > MAX_PARAMS_DEPTH) {
      throw new IllegalArgumentException(
          "'params' nests deeper than " + MAX_PARAMS_DEPTH + " levels; send flatter params");
    }
  }
}
