/**
 * Schedules: {@code Scheduler}, the body of the {@code jobwire-broker-scheduler} thread, fires each
 * due tick through {@code fire.lua} (one broker takes each tick).
 *
 * <p>Depends on the queue API and store layer only; never on another {@code internal} package.
 */
package io.jobwire.broker.internal.schedule;
