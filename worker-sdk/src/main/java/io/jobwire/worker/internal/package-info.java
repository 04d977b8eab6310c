/**
 * The worker's implementation: {@link io.jobwire.worker.internal.DefaultWorker} starts the {@code
 * jobwire-worker-io} thread, whose {@link io.jobwire.worker.internal.IoLoop} alone owns every
 * ZeroMQ socket (a DEALER per broker, a PUSH per front end), takes jobs, runs each on a virtual
 * thread ({@link io.jobwire.worker.internal.JobRun}) and sends what the handlers hand it through
 * the {@link io.jobwire.worker.internal.Outbox}, which wakes it.
 *
 * <p>Threads: {@code jobwire-worker-io} for sockets; {@code jobwire-job-N} for handlers, which
 * never touch a socket; {@code jobwire-worker-shutdown} (the JVM's shutdown hook) closes the
 * worker, which hands leftover jobs back.
 */
package io.jobwire.worker.internal;
