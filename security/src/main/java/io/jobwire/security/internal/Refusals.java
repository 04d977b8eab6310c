package io.jobwire.security.internal;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refused CURVE handshakes and logs them, at most one WARN line a second so that a client
 * retrying with a bad key cannot flood the log. Written by the ZAP thread, read by any thread.
 */
public final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);
  private static final long LOG_EVERY_NANOS = 1_000_000_000L;

  private final String server;
  private final LongAdder count = new LongAdder();
  private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
  private long unlogged;

  public Refusals(String server) {
    this.server = server;
  }

  public long count() {
    return count.sum();
  }

  /** A client presented a key that is not in the clients directory. ZAP thread only. */
  void unknownKey(String address, String clientKey, String clientsDir) {
    count.increment();
    if (due()) {
      log.warn(
          "{}: refused CURVE client key={} from address={}: it is not in {} ({} refused in all,"
              + " {} more since the last line). If that client should get in, copy its .key"
              + " file there.",
          server,
          clientKey,
          address,
          clientsDir,
          count(),
          unlogged);
      unlogged = 0;
    } else {
      unlogged++;
    }
  }

  /** A handshake failed before any key was checked, e.g. a wrong server key. ZAP thread only. */
  void failedHandshake(String endpoint) {
    count.increment();
    if (due()) {
      log.warn(
          "{}: refused a CURVE handshake on {}: the client dialled with a wrong server public key"
              + " or a broken handshake ({} refused in all, {} more since the last line). Give"
              + " clients this server's .key file.",
          server,
          endpoint,
          count(),
          unlogged);
      unlogged = 0;
    } else {
      unlogged++;
    }
  }

  private boolean due() {
    long now = System.nanoTime();
    if (now - lastLogNanos < LOG_EVERY_NANOS) {
      return false;
    }
    lastLogNanos = now;
    return true;
  }
}
