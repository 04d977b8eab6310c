package io.jobwire.queue;

/**
 * Redis cannot be reached: the call was retried and failed, or the circuit breaker is open because
 * recent calls failed. Callers should fail fast (e.g. answer {@code unavailable}) and try later.
 */
public class QueueUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
