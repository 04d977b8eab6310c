package io.jobwire.launcher.jobs;

import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jobwire enqueue --batch FILE}: reads the file, queues the batch, maybe watches it. */
final class BatchEnqueue {
  static final Duration WATCH_EVERY = Duration.ofMillis(250);

  private final PrintWriter out;
  private final PrintWriter err;
  private final String redisUri;

  BatchEnqueue(CommandSpec spec, String redisUri) {
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
    this.redisUri = redisUri;
  }

  /** Exit code: 0 queued (and with {@code watch} all succeeded), 1 a job failed, 2 bad input. */
  int run(Path file, String defaultTopic, JobRequest callback, boolean watch) {
    BatchRequest request;
    try {
      request = BatchFile.read(file, defaultTopic, err).callback(callback).build();
    } catch (IOException e) {
      err.println("jobwire enqueue: cannot read " + file + " (" + e + ")");
      return 2;
    } catch (BatchFile.BadLine | IllegalArgumentException e) {
      err.println("jobwire enqueue: " + e.getMessage());
      return 2;
    }
    try (JobQueue queue = JobQueue.redis(redisUri)) {
      if (request.children().size() >= BatchFile.PROGRESS_EVERY) {
        err.println("jobwire enqueue: queueing " + request.children().size() + " jobs");
        err.flush();
      }
      BatchReceipt receipt = queue.enqueueBatch(request);
      out.println(receipt.batch());
      out.flush();
      return watch ? watch(queue, receipt.batch()) : 0;
    }
  }

  /** Shows "N/M done, F failed" on stderr whenever it changes, until the batch is complete. */
  private int watch(JobQueue queue, String batch) {
    int shown = -1;
    while (true) {
      Optional<BatchStatus> status = queue.batch(batch);
      if (status.isEmpty()) {
        err.println("jobwire enqueue: batch " + batch + " is gone (expired?)");
        return 1;
      }
      BatchStatus now = status.get();
      if (now.finished() != shown || now.complete()) {
        shown = now.finished();
        err.println(
            "batch "
                + batch
                + ": "
                + now.finished()
                + "/"
                + now.total()
                + " done, "
                + now.failed()
                + " failed");
        err.flush();
      }
      if (now.complete()) {
        return now.failed() == 0 ? 0 : 1;
      }
      try {
        Thread.sleep(WATCH_EVERY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }
}
