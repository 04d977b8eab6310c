package io.jobwire.frontend.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.PendingQueue;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.queue.JobRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Queues a stream's runs: hands its next job to {@code jobwire-enqueue} now, or on {@code
 * jobwire-timer} once its period has passed. Built before the streams and the cluster, which both
 * start runs through it; any thread.
 */
public final class Runs {
  private final PendingQueue pending;
  private final ScheduledExecutorService timer;
  private final Clock clock;

  public Runs(PendingQueue pending, ScheduledExecutorService timer, Clock clock) {
    this.pending = pending;
    this.timer = timer;
    this.clock = clock;
  }

  /** Queues the stream's job now. */
  void enqueue(JobStream stream) {
    enqueue(stream, null);
  }

  /** Queues the stream's job, or with {@code batch} its batch (one job per params object). */
  void enqueue(JobStream stream, List<JsonNode> batch) {
    JobRequest request = stream.request();
    TopicOptions options = stream.options();
    if (options.timeout() != null) {
      long topicDeadline = clock.millis() + options.timeout().toMillis();
      Long own = request.deadline();
      request = request.withDeadline(own == null ? topicDeadline : Math.min(own, topicDeadline));
    }
    pending.submit(new Enqueuer.Pending(stream, request, batch));
  }

  /** Queues the stream's next run once its period has passed (on {@code jobwire-timer}). */
  void scheduleNext(JobStream stream) {
    long delay = Math.max(0, stream.nextRunAt() - clock.millis());
    timer.schedule(
        () -> {
          if (stream.startNextRun()) {
            enqueue(stream);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /** On {@code jobwire-ingress}: this front end holds a shared stream's lease and it never ran. */
  public void startShared(JobStream stream) {
    if (!stream.options().scheduled() && stream.askFirstRun()) {
      enqueue(stream);
    }
  }

  /** On {@code jobwire-ingress}: it took over a recurring shared stream between two runs. */
  public void resumeShared(JobStream stream) {
    if (stream.options().recurring() && stream.phase() == JobStream.Phase.WAITING) {
      scheduleNext(stream);
    }
  }
}
