package io.jobwire.frontend;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real queue, recording every job it queued, so a test can play the worker for them. */
final class RecordingJobQueue implements JobQueue {
  record Queued(JobRequest request, String job) {}

  private final JobQueue delegate;
  private final BlockingQueue<Queued> queued = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  RecordingJobQueue(JobQueue delegate) {
    this.delegate = delegate;
  }

  /** The next job queued, waiting up to {@code wait}; null when none came. */
  Queued poll(Duration wait) throws InterruptedException {
    return queued.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next job queued; fails after 5 s. */
  Queued next() throws InterruptedException {
    Queued next = poll(Duration.ofSeconds(5));
    if (next == null) {
      throw new AssertionError("nothing was enqueued within 5 s");
    }
    return next;
  }

  int count() {
    return count.get();
  }

  @Override
  public List<String> enqueue(List<JobRequest> requests) {
    List<String> ids = delegate.enqueue(requests);
    List<Queued> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(new Queued(requests.get(i), ids.get(i)));
    }
    count.addAndGet(ids.size());
    queued.addAll(out);
    return ids;
  }

  @Override
  public Optional<JobStatus> status(String jobId) {
    return delegate.status(jobId);
  }

  @Override
  public boolean cancel(String jobId) {
    return delegate.cancel(jobId);
  }

  @Override
  public void close() {}
}
