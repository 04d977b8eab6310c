package io.jobwire.broker.internal.workers;

import io.jobwire.protocol.Job;

/** A job the broker handed to a worker. {@code cancelled} once the worker was told to stop it. */
final class Assignment {
  final Job job;
  final WorkerEntry worker;
  boolean cancelled;

  /** Worker heartbeats in a row that did not list the job. */
  int unlisted;

  Assignment(Job job, WorkerEntry worker) {
    this.job = job;
    this.worker = worker;
  }
}
