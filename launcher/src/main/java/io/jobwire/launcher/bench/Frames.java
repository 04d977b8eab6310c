package io.jobwire.launcher.bench;

/**
 * Looks at server messages with plain string tests instead of a JSON parse, so the bench client's
 * own CPU cost, which shares the machine with the server, stays small.
 */
final class Frames {
  private Frames() {}

  /** True when {@code frame} is a server message of kind {@code op} (the codec writes op first). */
  static boolean is(String frame, String op) {
    return frame.startsWith("{\"op\":\"" + op + "\"");
  }

  /** The long after {@code "name":} in {@code frame}, or -1. */
  static long longField(String frame, String name) {
    String key = "\"" + name + "\":";
    int at = frame.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    long value = 0;
    boolean any = false;
    while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
      value = value * 10 + (frame.charAt(i++) - '0');
      any = true;
    }
    return any ? value : -1;
  }
}
