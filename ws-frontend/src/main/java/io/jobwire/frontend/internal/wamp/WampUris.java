package io.jobwire.frontend.internal.wamp;

import io.jobwire.protocol.TopicNames;
import java.util.regex.Pattern;

/**
 * Which URIs name a jobwire topic: a valid WAMP URI (the loose rule of the spec: components without
 * whitespace, {@code .} or {@code #}, joined by dots), outside the reserved {@code wamp.} space,
 * and a valid jobwire topic name (letters, digits, {@code . _ : -}, at most 64).
 */
final class WampUris {
  private static final Pattern LOOSE = Pattern.compile("^([^\\s.#]+\\.)*([^\\s.#]+)$");

  private WampUris() {}

  /** Null when {@code uri} names a topic; otherwise why not, for the client. */
  static String refusal(String uri) {
    if (uri == null || !LOOSE.matcher(uri).matches()) {
      return "'" + uri + "' is not a WAMP URI (dot-separated components without spaces or '#')";
    }
    if (uri.startsWith("wamp.")) {
      return "'" + uri + "' is in the reserved wamp. space; jobwire offers no meta API";
    }
    if (!TopicNames.valid(uri)) {
      return "'"
          + uri
          + "' is not a jobwire topic: 1 to "
          + TopicNames.MAX_LENGTH
          + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit";
    }
    return null;
  }

  /** The URI an error code is sent as: {@code jobwire.error.<code>}. */
  static String ofError(String code) {
    String safe = code == null ? "" : code.replaceAll("[^A-Za-z0-9_]", "_");
    return "jobwire.error." + (safe.isEmpty() ? "failed" : safe);
  }
}
