package io.jobwire.frontend;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.redis.EnqueueAlongside;
import io.jobwire.queue.redis.RedisGateway.ScriptCall;
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
 * Runs what the front end writes next to a job as the real queue does ({@link EnqueueAlongside}).
 */
final class GatedJobQueue implements JobQueue, EnqueueAlongside {
  record Queued(JobRequest request, String job) {}

  private final JobQueue delegate;
  private final CountDownLatch gate = new CountDownLatch(1);
  private final BlockingQueue<Queued> queued = new LinkedBlockingQueue<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private volatile boolean breakAlongside;

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

  /** From now on what the front end writes next to a job fails in Redis (a script error). */
  void breakAlongside() {
    breakAlongside = true;
  }

  @Override
  public List<String> enqueue(List<JobRequest> requests) {
    return enqueue(requests, ids -> null).jobs();
  }

  @Override
  public Enqueued enqueue(List<JobRequest> requests, Alongside alongside) {
    batchSizes.add(requests.size());
    Alongside asked =
        breakAlongside
            ? ids -> {
              var call = alongside.of(ids);
              return call == null
                  ? null
                  : new ScriptCall(call.script(), call.keys(), List.of("x", "s-broken"));
            }
            : alongside;
    Enqueued jobs = ((EnqueueAlongside) delegate).enqueue(requests, asked);
    for (int i = 0; i < jobs.jobs().size(); i++) {
      queued.add(new Queued(requests.get(i), jobs.jobs().get(i)));
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
