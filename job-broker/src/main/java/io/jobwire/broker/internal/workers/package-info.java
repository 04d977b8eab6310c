/**
 * Worker bookkeeping and dispatch: the registry of connected workers and their free slots, the
 * handling of each worker message ({@code WorkerHandler}), handing out claimed jobs and those
 * enqueues handed to this broker ({@code Dispatcher}, its standby tokens in {@code Standby}), retry
 * backoff, and the job events the metrics listen to ({@code JobEvents}).
 *
 * <p>Threads: {@code jobwire-broker} only (the loop calls it). Depends on {@code store} and {@code
 * outcome}; never on {@code loop} or {@code observe} (metrics listen through {@code JobEvents}).
 */
package io.jobwire.broker.internal.workers;
