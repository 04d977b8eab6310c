package io.jobwire.launcher.cli;

import io.jobwire.queue.TopicPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every duration flag takes the same forms: {@code 250ms}, {@code 3s}, {@code 10m}, {@code 2h},
 * {@code 1d} or ISO-8601 ({@code PT3S}). A bare number keeps the unit the flag always had: ms for a
 * {@code --…-ms} flag, seconds for the others.
 */
public final class Durations {
  static final String FORMS = "250ms, 3s, 10m, 2h, 1d or PT3S";

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the forms it takes
   */
  public static Duration parse(String text, Duration bareUnit) {
    String t = text.strip();
    if (!t.isEmpty() && (Character.isDigit(t.charAt(t.length() - 1)))) {
      try {
        BigDecimal units = new BigDecimal(t);
        if (units.signum() < 0) {
          throw new IllegalArgumentException("'" + text + "' is negative; use " + FORMS);
        }
        return Duration.ofNanos(units.multiply(BigDecimal.valueOf(bareUnit.toNanos())).longValue());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration; use " + FORMS);
      }
    }
    try {
      return TopicPolicy.duration(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; use " + FORMS);
    }
  }

  /** For a {@code --…-ms} flag held as milliseconds: a bare number is ms. */
  public static final class Millis implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value, Duration.ofMillis(1)).toMillis();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A bare number is seconds (fractions allowed: {@code 0.5}). */
  public static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value, Duration.ofSeconds(1));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
