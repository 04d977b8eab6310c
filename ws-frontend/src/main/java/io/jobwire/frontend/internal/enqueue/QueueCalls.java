package io.jobwire.frontend.internal.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobStatus;
import io.jobwire.runtime.NamedThreads;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking {@link JobQueue} calls other than enqueue ({@code status}, {@code cancel}), run on a
 * few {@code jobwire-queue-N} threads so that IO threads never wait for Redis. The backlog is
 * bounded: when Redis is slow, callers hear "unavailable" instead of piling up work.
 */
public final class QueueCalls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueCalls.class);
  private static final int THREADS = 2;
  private static final int BACKLOG = 10_000;

  private final JobQueue queue;
  private final ThreadPoolExecutor executor;

  public QueueCalls(JobQueue queue) {
    this.queue = queue;
    this.executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            new NamedThreads("jobwire-queue"));
  }

  /**
   * Looks the job up and hands the answer (or the failure) to {@code onAnswer} on a queue thread.
   * Returns false when the backlog is full and nothing was started.
   */
  public boolean status(String job, Consumer<StatusAnswer> onAnswer) {
    return submit(
        () -> {
          StatusAnswer answer;
          try {
            answer = new StatusAnswer(queue.status(job), null);
          } catch (RuntimeException e) {
            answer = new StatusAnswer(Optional.empty(), e);
          }
          onAnswer.accept(answer);
        });
  }

  /** Asks the queue to cancel the job; failures are logged, nobody waits for them. */
  public void cancel(String job, String why) {
    boolean started =
        submit(
            () -> {
              try {
                boolean known = queue.cancel(job);
                log.debug("job={} cancel requested ({}): {}", job, why, known ? "ok" : "unknown");
              } catch (RuntimeException e) {
                log.warn("job={} could not be cancelled ({}): {}", job, why, e.toString());
              }
            });
    if (!started) {
      log.warn("job={} not cancelled ({}): the queue call backlog is full", job, why);
    }
  }

  /**
   * Keeps the runs of a scheduled topic coming here for {@code leaseMillis} ({@link
   * JobQueue#routeRuns}); failures are logged, the next call tries again.
   */
  public void routeRuns(JobStream stream, String replyTo, JsonNode route, long leaseMillis) {
    submit(
        () -> {
          try {
            queue.routeRuns(stream.request().topic(), replyTo, route, stream.id(), leaseMillis);
          } catch (RuntimeException e) {
            log.warn("{} scheduled runs not routed here: {}", stream, e.toString());
          }
        });
  }

  /** Lets queued calls finish for up to {@code millis}, then stops the threads. */
  void close(long millis) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        log.warn("queue calls still running after {} ms; abandoning them", millis);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(5_000);
  }

  private boolean submit(Runnable call) {
    try {
      executor.execute(call);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** The outcome of a status lookup: the status (maybe empty), or the failure. */
  public record StatusAnswer(Optional<JobStatus> status, RuntimeException failure) {}
}
