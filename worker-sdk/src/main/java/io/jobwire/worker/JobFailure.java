package io.jobwire.worker;

import java.util.Objects;

/**
 * Thrown by a handler to fail its job with a chosen error code.
 *
 * <p>{@code retry:true} lets the broker run the job again (up to its {@code max_attempts}); {@code
 * retry:false} sends it straight to the dead letters, for failures a retry cannot fix.
 */
public class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retry;

  public JobFailure(String code, String message, boolean retry) {
    this(code, message, retry, null);
  }

  public JobFailure(String code, String message, boolean retry, Throwable cause) {
    super(message, cause);
    if (Objects.requireNonNull(code, "code").isBlank()) {
      throw new IllegalArgumentException("code must not be blank");
    }
    this.code = code;
    this.retry = retry;
  }

  /** A failure that a retry cannot fix: the job goes to the dead letters. */
  public static JobFailure permanent(String code, String message) {
    return new JobFailure(code, message, false);
  }

  /** A failure worth another attempt. */
  public static JobFailure retryable(String code, String message) {
    return new JobFailure(code, message, true);
  }

  public String code() {
    return code;
  }

  public boolean retry() {
    return retry;
  }
}
