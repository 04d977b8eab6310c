/**
 * The Java API to write workers: {@link io.jobwire.worker.Worker#builder()} registers a {@link
 * io.jobwire.worker.JobHandler} per topic and connects to one broker or several; a handler reports
 * progress and its result through its {@link io.jobwire.worker.JobContext} and fails with a {@link
 * io.jobwire.worker.JobFailure}.
 *
 * <p>Threads: the builder and {@code start}/{@code close} on the caller's; each job's handler on a
 * virtual thread {@code jobwire-job-N} of its own, which may block.
 */
package io.jobwire.worker;
