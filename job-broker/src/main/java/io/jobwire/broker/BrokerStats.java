package io.jobwire.broker;

/**
 * A snapshot of a running broker, readable from any thread.
 *
 * @param workers workers currently registered
 * @param running jobs the broker has handed out and not yet seen finish
 * @param assigned jobs handed to workers since start
 * @param malformedMessages worker messages that could not be decoded since start
 * @param refusedMessages worker messages refused since start: {@code done}, {@code fail}, {@code
 *     heartbeat} or {@code bye} from a connection that never said {@code ready}, {@code done} or
 *     {@code fail} for a job not leased to the sender, {@code ready} taking a name another CURVE
 *     key holds
 */
public record BrokerStats(
    int workers, int running, long assigned, long malformedMessages, long refusedMessages) {
  public BrokerStats(int workers, int running, long assigned, long malformedMessages) {
    this(workers, running, assigned, malformedMessages, 0);
  }
}
