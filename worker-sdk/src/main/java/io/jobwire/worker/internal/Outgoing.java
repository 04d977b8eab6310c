package io.jobwire.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.IngressMessage;

/** What a handler's thread hands to the I/O thread, which alone owns the sockets. */
sealed interface Outgoing {

  /** A {@code progress} message to push to the job's {@code reply_to}. */
  record Progress(JobRun run, IngressMessage.Progress message) implements Outgoing {}

  /**
   * The handler has returned; the I/O thread reports the outcome and forgets the job. {@code
   * pushed}: what became of the result the job's thread pushed itself; null when it did not (no
   * socket of its own, no result, or none due): then the I/O thread pushes it, if any.
   */
  record Finished(JobRun run, Outcome outcome, Pushers.Pushed pushed) implements Outgoing {}

  /** How a job ended. */
  sealed interface Outcome {
    /** Push {@code result} (when the job has a {@code reply_to}), then send {@code done}. */
    record Succeeded(JsonNode data, long seq) implements Outcome {}

    record Failed(ErrorInfo error, boolean retry) implements Outcome {}

    /** Cancelled by the broker: nothing is sent. */
    record Silent() implements Outcome {}
  }
}
