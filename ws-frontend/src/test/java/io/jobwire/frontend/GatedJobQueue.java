package io.jobwire.frontend;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real queue, with a gate: enqueue writes to Redis, reports what it queued, then waits until
 * the test opens the gate. Lets a test act between "the job is in Redis" and "enqueue returned".
 */
final class GatedJobQueue implements JobQueue {
  record Queued(JobRequest request, String job) {}

  private final JobQueue delegate;
  private final CountDownLatch gate = new CountDownLatch(1);
  private final BlockingQueue<Queued> queued = new LinkedBlockingQueue<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

  GatedJobQueue(JobQueue delegate) {
    this.delegate = delegate;
  }

  /** The next job written to Redis, waiting up to 5 s. */
  Queued nextQueued() throws InterruptedException {
    Queued next = queued.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("nothing was enqueued within 5 s");
    }
    return next;
  }

  /** How many jobs each enqueue call carried, in call order. */
  List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  void open() {
    gate.countDown();
  }

  @Override
  public List<String> enqueue(List<JobRequest> requests) {
    batchSizes.add(requests.size());
    List<String> jobs = delegate.enqueue(requests);
    for (int i = 0; i < jobs.size(); i++) {
      queued.add(new Queued(requests.get(i), jobs.get(i)));
    }
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return jobs;
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
  public void close() {
    open();
  }
}
