package io.jobwire.protocol;

import java.util.regex.Pattern;

/**
 * What a topic may be called, checked everywhere a topic enters: a client's {@code subscribe}, a
 * worker's {@code ready}, {@code enqueue}, the front end's and broker's config. A bounded charset
 * and length keep control characters, markup and unbounded keys out of Redis key names, metric
 * labels, logs and the dashboard.
 */
public final class TopicNames {

  /** The longest topic name. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private TopicNames() {}

  /** True when {@code topic} is a valid topic name. */
  public static boolean valid(String topic) {
    return topic != null && NAME.matcher(topic).matches();
  }

  /** Returns {@code topic}, or fails saying what a topic name may hold. */
  public static String require(String topic, String what) {
    if (!valid(topic)) {
      throw new IllegalArgumentException(
          what
              + " must be 1.."
              + MAX_LENGTH
              + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit; was "
              + quoted(topic));
    }
    return topic;
  }

  /** The name for an error message: cut short, control characters escaped. */
  private static String quoted(String topic) {
    if (topic == null) {
      return "nothing";
    }
    String cut = topic.length() > MAX_LENGTH ? topic.substring(0, MAX_LENGTH) + "…" : topic;
    StringBuilder out = new StringBuilder("'");
    cut.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('\'').toString();
  }
}
