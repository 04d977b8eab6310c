package io.jobwire.worker.internal;

/** Why the I/O thread interrupted a job's handler; decides what (if anything) is reported. */
enum StopReason {
  /** The broker sent {@code cancel}: report nothing. */
  CANCELLED,
  /** The job's deadline passed: {@code fail} with code {@code timeout}, no retry. */
  TIMEOUT,
  /** The worker is closing and the grace period is over: {@code fail} with retry. */
  SHUTDOWN
}
