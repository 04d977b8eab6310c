/**
 * The example workers {@code jobwire workers} runs: {@code ping}, {@code sysinfo}, {@code command}
 * (an allow-listed command with bounded output) and the conformance topics ({@code count}, {@code
 * upper}, {@code fail}); {@link io.jobwire.workers.ExampleWorkers} registers them on a worker.
 *
 * <p>Threads: each job on its own virtual thread {@code jobwire-job-N} (the worker SDK's). Uses the
 * worker SDK only.
 */
package io.jobwire.workers;
