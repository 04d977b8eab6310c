package io.jobwire.queue;

import java.time.Duration;
import java.util.Locale;

/**
 * How the jobs of one topic are retried: before retry n a failed job waits a random time in [0,
 * min(backoffCap, backoffBase * 2^(n-1))] (exponential backoff, full jitter), and it runs at most
 * {@code maxAttempts} times (a job's own {@code maxAttempts} wins when it sets one).
 */
public record TopicPolicy(Duration backoffBase, Duration backoffCap, int maxAttempts) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_BACKOFF_CAP = Duration.ofSeconds(60);
  public static final TopicPolicy DEFAULT =
      new TopicPolicy(DEFAULT_RETRY_BACKOFF_BASE, DEFAULT_RETRY_BACKOFF_CAP, DEFAULT_MAX_ATTEMPTS);

  public TopicPolicy {
    QueueConfig.requirePositive(backoffBase, "backoffBase");
    QueueConfig.requirePositive(backoffCap, "backoffCap");
    if (backoffCap.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoffCap must be >= backoffBase");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }

  /** From {@code BASE,CAP,MAX_ATTEMPTS}, e.g. {@code 500ms,30s,5} (units ms, s, m, h). */
  public static TopicPolicy parse(String text) {
    String[] parts = text.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a retry policy is BASE,CAP,MAX_ATTEMPTS like 500ms,30s,5; got '" + text + "'");
    }
    return new TopicPolicy(
        duration(parts[0]), duration(parts[1]), Integer.parseInt(parts[2].strip()));
  }

  /** {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT2S}). */
  public static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': use 250ms, 2s, 5m, 1h, 1d or ISO-8601 like PT2S");
    }
  }
}
