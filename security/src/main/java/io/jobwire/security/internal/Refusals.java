package io.jobwire.security.internal;

import io.jobwire.runtime.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Counts refused CURVE handshakes and logs them, at most one WARN line a second so that a client
 * retrying with a bad key cannot flood the log. Written by the ZAP thread, read by any thread.
 */
public final class Refusals {
  private final RateLimitedLog log =
      new RateLimitedLog(
          LoggerFactory.getLogger(Refusals.class), Level.WARN, Duration.ofSeconds(1));

  private final String server;
  private final LongAdder count = new LongAdder();

  public Refusals(String server) {
    this.server = server;
  }

  public long count() {
    return count.sum();
  }

  /** A client presented a key that is not in the clients directory. ZAP thread only. */
  void unknownKey(String address, String clientKey, String clientsDir) {
    count.increment();
    log.log(
        "{}: refused CURVE client key={} from address={}: it is not in {} ({} refused in all)."
            + " If that client should get in, copy its .key file there.",
        server,
        clientKey,
        address,
        clientsDir,
        count());
  }

  /** A handshake failed before any key was checked, e.g. a wrong server key. ZAP thread only. */
  void failedHandshake(String endpoint) {
    count.increment();
    log.log(
        "{}: refused a CURVE handshake on {}: the client dialled with a wrong server public key"
            + " or a broken handshake ({} refused in all). Give clients this server's .key file.",
        server,
        endpoint,
        count());
  }
}
