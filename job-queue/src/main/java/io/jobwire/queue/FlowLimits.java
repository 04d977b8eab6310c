package io.jobwire.queue;

import java.time.Duration;
import java.util.Locale;

/**
 * How fast the jobs of one topic may start, across every broker and worker (see {@link
 * FlowControl}). A limit of 0 is no limit. Jobs held back by a limit stay queued; they never fail.
 *
 * @param maxRunning the most jobs of the topic running at once
 * @param maxRunningPerUser the most jobs of one user of the topic running at once (jobs without a
 *     user are not counted per user)
 * @param rate the most jobs of the topic started per {@code ratePer}
 * @param ratePer the rate's window; windows are aligned to the epoch (a burst of {@code rate} at
 *     the start of each window is allowed)
 */
public record FlowLimits(int maxRunning, int maxRunningPerUser, int rate, Duration ratePer) {
  public static final FlowLimits NONE = new FlowLimits(0, 0, 0, Duration.ofSeconds(1));

  public FlowLimits {
    if (maxRunning < 0 || maxRunningPerUser < 0 || rate < 0) {
      throw new IllegalArgumentException("flow limits must be >= 0 (0 = no limit)");
    }
    ratePer = ratePer == null ? Duration.ofSeconds(1) : ratePer;
    if (ratePer.toMillis() < 1) {
      throw new IllegalArgumentException("a rate's window must be at least 1 ms");
    }
  }

  /** True when no limit is set. */
  public boolean none() {
    return maxRunning == 0 && maxRunningPerUser == 0 && rate == 0;
  }

  public FlowLimits withMaxRunning(int value) {
    return new FlowLimits(value, maxRunningPerUser, rate, ratePer);
  }

  public FlowLimits withMaxRunningPerUser(int value) {
    return new FlowLimits(maxRunning, value, rate, ratePer);
  }

  /** A rate like {@code 10/s}, {@code 600/m}, {@code 5/250ms}, or {@code 0} (none). */
  public FlowLimits withRate(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0") || t.equals("none")) {
      return new FlowLimits(maxRunning, maxRunningPerUser, 0, ratePer);
    }
    int slash = t.indexOf('/');
    try {
      int n = Integer.parseInt(t.substring(0, slash));
      String per = t.substring(slash + 1);
      Duration window =
          Character.isDigit(per.charAt(0))
              ? TopicPolicy.duration(per)
              : TopicPolicy.duration("1" + per);
      return new FlowLimits(maxRunning, maxRunningPerUser, n, window);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "a rate is JOBS/WINDOW like 10/s, 600/m or 5/250ms; got '" + text + "'");
    }
  }

  /** The rate as {@link #withRate} reads it ({@code 10/s}), or {@code none}. */
  public String rateText() {
    if (rate == 0) {
      return "none";
    }
    long ms = ratePer.toMillis();
    String per =
        ms == 1000
            ? "s"
            : ms == 60_000
                ? "m"
                : ms == 3_600_000 ? "h" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    return rate + "/" + per;
  }

  @Override
  public String toString() {
    if (none()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    if (maxRunning > 0) {
      text.append("max_running=").append(maxRunning).append(' ');
    }
    if (maxRunningPerUser > 0) {
      text.append("max_running_per_user=").append(maxRunningPerUser).append(' ');
    }
    if (rate > 0) {
      text.append("rate=").append(rateText());
    }
    return text.toString().strip();
  }
}
