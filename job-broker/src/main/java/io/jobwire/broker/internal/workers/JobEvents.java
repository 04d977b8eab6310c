package io.jobwire.broker.internal.workers;

import io.jobwire.broker.internal.store.Recovery;
import io.jobwire.protocol.Job;
import java.util.List;

/**
 * What the dispatcher and the worker handler tell about jobs as they start and end, for the
 * broker's metrics ({@code observe.JobMeter} listens). Called on the {@code jobwire-broker} thread.
 */
public interface JobEvents {
  /** Jobs leased to workers; {@code created} holds each one's enqueue time (epoch ms as text). */
  void started(List<Job> jobs, List<String> created, long now);

  void succeeded(String job, long now);

  /** A job's {@code fail} was written; {@code state} is what fail.lua made of it. */
  void failed(String job, String state);

  void recovered(Recovery recovery);
}
