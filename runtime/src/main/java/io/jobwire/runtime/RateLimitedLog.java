package io.jobwire.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a line that may repeat at a high rate (a failing loop turn, a refused handshake) at most
 * once per interval: the first line at once, then one line per interval at most, which says how
 * many lines were left out since the one before. Thread-safe; meant for error paths.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastNanos;
  private boolean logged;
  private long suppressed;

  public RateLimitedLog(Logger log, Level level, Duration interval) {
    this(log, level, interval, System::nanoTime);
  }

  /** As above, with a settable clock for tests ({@code nanoTime} as {@link System#nanoTime}). */
  public RateLimitedLog(Logger log, Level level, Duration interval, LongSupplier nanoTime) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.log = log;
    this.level = level;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Logs {@code format} with {@code args} (an exception last, as SLF4J takes it) when a line is
   * due, else counts it as left out. A line that follows left-out ones ends with {@code (N more
   * since the last line)}.
   */
  public synchronized void log(String format, Object... args) {
    long now = nanoTime.getAsLong();
    if (logged && now - lastNanos < intervalNanos) {
      suppressed++;
      return;
    }
    logged = true;
    lastNanos = now;
    if (suppressed == 0) {
      log.atLevel(level).log(format, args);
      return;
    }
    log.atLevel(level).log(format + " ({} more since the last line)", withCount(args, suppressed));
    suppressed = 0;
  }

  /** The lines left out since the last one logged. */
  public synchronized long suppressed() {
    return suppressed;
  }

  /**
   * {@code args} with {@code count} added after the format's own arguments, before an exception.
   */
  private static Object[] withCount(Object[] args, long count) {
    boolean thrown = args.length > 0 && args[args.length - 1] instanceof Throwable;
    int at = thrown ? args.length - 1 : args.length;
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[at] = count;
    if (thrown) {
      all[args.length] = args[args.length - 1];
    }
    return all;
  }
}
