package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The error codes a client can see in an {@code error} reply. */
public enum ErrorCode {
  BAD_JSON,
  BAD_REQUEST,
  UNKNOWN_OP,
  UNKNOWN_TOPIC,
  UNAUTHORIZED,
  FORBIDDEN,
  RATE_LIMITED,
  TOO_MANY_SUBSCRIPTIONS,
  /** Added in v1.2: the user has {@code --max-jobs-per-user} jobs queued or running. */
  TOO_MANY_JOBS,
  UNAVAILABLE,
  NOT_FOUND,
  FRAME_TOO_LARGE,
  INTERNAL;

  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  @JsonValue
  public String wire() {
    return wire;
  }
}
