package io.jobwire.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of a subscription is kept for a client that reconnects and resumes it.
 *
 * @param maxMessages the newest deliveries kept per subscription; older ones are reported as a
 *     {@code gap}
 * @param keepFor how long a delivery is kept, and how long a subscription outlives its connection
 *     (its job keeps running meanwhile); {@link Duration#ZERO} ends it with the connection
 */
public record ResumeWindow(int maxMessages, Duration keepFor) {
  public static final int DEFAULT_MAX_MESSAGES = 100;
  public static final Duration DEFAULT_KEEP_FOR = Duration.ofSeconds(30);

  public ResumeWindow {
    if (maxMessages < 0) {
      throw new IllegalArgumentException("maxMessages must be >= 0, was " + maxMessages);
    }
    Objects.requireNonNull(keepFor, "keepFor");
    if (keepFor.isNegative()) {
      throw new IllegalArgumentException("keepFor must not be negative, was " + keepFor);
    }
  }

  public static ResumeWindow defaults() {
    return new ResumeWindow(DEFAULT_MAX_MESSAGES, DEFAULT_KEEP_FOR);
  }

  /** Nothing kept: a subscription ends with its connection. */
  public static ResumeWindow off() {
    return new ResumeWindow(0, Duration.ZERO);
  }
}
