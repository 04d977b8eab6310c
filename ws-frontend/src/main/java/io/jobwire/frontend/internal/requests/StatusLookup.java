package io.jobwire.frontend.internal.requests;

import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.queue.JobStatus;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers {@code status} from the queue, on a queue thread; the IO thread only hands it over. */
public final class StatusLookup {
  private static final Logger log = LoggerFactory.getLogger(StatusLookup.class);

  private final QueueCalls calls;

  public StatusLookup(QueueCalls calls) {
    this.calls = calls;
  }

  void status(ClientConnection connection, ClientMessage.Status request) {
    boolean started = calls.status(request.job(), answer -> reply(connection, request, answer));
    if (!started) {
      connection.send(
          new ServerMessage.Error(
              request.ref(),
              ErrorCode.UNAVAILABLE,
              "too many queue lookups in flight; try again shortly"));
    }
  }

  private static void reply(
      ClientConnection connection, ClientMessage.Status request, QueueCalls.StatusAnswer answer) {
    String job = request.job();
    if (answer.failure() != null) {
      log.warn("{} job={} status lookup failed: {}", connection, job, answer.failure().toString());
      connection.send(
          new ServerMessage.Error(
              request.ref(), ErrorCode.UNAVAILABLE, "the job queue is unavailable; try again"));
      return;
    }
    if (answer.status().isEmpty()) {
      connection.send(
          new ServerMessage.Error(
              request.ref(), ErrorCode.NOT_FOUND, "no job '" + job + "' (unknown or expired)"));
      return;
    }
    JobStatus status = answer.status().get();
    // A background job (no user) is no authenticated user's either.
    if (!Objects.equals(status.user(), connection.user())) {
      log.debug("{} job={} status refused: the job belongs to another user", connection, job);
      connection.send(
          new ServerMessage.Error(
              request.ref(), ErrorCode.FORBIDDEN, "job '" + job + "' belongs to another user"));
      return;
    }
    connection.send(
        new ServerMessage.StatusReply(
            request.ref(),
            job,
            status.state(),
            status.attempts(),
            status.progress(),
            status.error()));
  }
}
