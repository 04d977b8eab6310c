/**
 * The broker put together: {@code ZmqBroker} builds the parts of the sub-packages, starts their
 * threads ({@code jobwire-broker}, {@code jobwire-broker-events}, {@code jobwire-broker-scheduler},
 * {@code jobwire-broker-batches}, {@code jobwire-broker-http}) and stops them.
 *
 * <p>Threads: the caller's, while starting and stopping. Depends on every {@code internal.*}
 * package; none of them depends on it. No other module may import any {@code internal} package.
 */
package io.jobwire.broker.internal;
