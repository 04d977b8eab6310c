package io.jobwire.broker;

/**
 * A snapshot of a running broker, readable from any thread.
 *
 * @param workers workers currently registered
 * @param running jobs the broker has handed out and not yet seen finish
 * @param assigned jobs handed to workers since start
 * @param malformedMessages worker messages that could not be decoded since start
 */
public record BrokerStats(int workers, int running, long assigned, long malformedMessages) {}
