package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The states of a job as clients see them in {@code status} replies. */
public enum JobState {
  QUEUED,
  DELAYED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  DEAD,
  CANCELLED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String wire() {
    return wire;
  }

  /** True once the job will never run again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == DEAD || this == CANCELLED;
  }

  @JsonCreator
  public static JobState fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
