/**
 * The broker service's API: {@link io.jobwire.broker.Broker} (start, endpoint, stop), its config
 * {@link io.jobwire.broker.BrokerConfig}, its counters and its HTTP endpoint ({@link
 * io.jobwire.broker.BrokerHttp}: health and metrics).
 *
 * <p>Threads: {@code Broker.start} starts the broker's threads (see {@code internal}); the API is
 * called from any thread. Depends on the queue API and store layer, {@code security}, {@code
 * runtime} and {@code protocol}; never on the front end or the launcher. Implementation in {@code
 * internal}.
 */
package io.jobwire.broker;
