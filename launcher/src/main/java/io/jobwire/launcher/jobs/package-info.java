/**
 * The commands that act on jobs: {@code run} (subscribe over WebSocket and print the job's stream,
 * {@link io.jobwire.launcher.jobs.JobRun} on {@link io.jobwire.client.WsClient}), {@code enqueue}
 * (one or a batch file, through the queue library), {@code push} (a worker message into a front
 * end's ingress), {@code status} and {@code cancel}.
 *
 * <p>Threads: the main thread; {@code run} reads the connection on the client's reader thread and a
 * Ctrl-C cancels from the shutdown-hook thread.
 */
package io.jobwire.launcher.jobs;
