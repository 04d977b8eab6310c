package io.jobwire.security.internal;

import io.jobwire.security.CurveKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client public keys a server admits: the {@code *.key} files of one directory, read again at
 * most once a second when a handshake asks, so that adding a key file admits that client without a
 * restart. ZAP thread only.
 */
final class AllowedKeys {
  private static final Logger log = LoggerFactory.getLogger(AllowedKeys.class);
  private static final long RELOAD_NANOS = 1_000_000_000L;

  private final Path dir;
  private Map<String, String> nameByKey = Map.of();
  private long loadedNanos;

  AllowedKeys(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  int size() {
    return nameByKey.size();
  }

  /** The key file's name without {@code .key} when {@code publicKey} is allowed, else null. */
  String nameOf(String publicKey) {
    if (System.nanoTime() - loadedNanos > RELOAD_NANOS) {
      try {
        reload();
      } catch (IllegalArgumentException e) {
        log.error(
            "cannot read the CURVE client keys again, keeping the last ones: {}", e.getMessage());
        loadedNanos = System.nanoTime();
      }
    }
    return nameByKey.get(publicKey);
  }

  /** Reads the directory; fails when a key file is broken. */
  void reload() {
    Map<String, String> fresh = new HashMap<>();
    CurveKeys.readPublicKeys(dir)
        .forEach(
            (file, key) ->
                fresh.put(
                    key, file.substring(0, file.length() - CurveKeys.PUBLIC_SUFFIX.length())));
    if (!fresh.keySet().equals(nameByKey.keySet()) && loadedNanos != 0) {
      log.info("CURVE client keys in {} changed: {} allowed now", dir, fresh.size());
    }
    if (fresh.isEmpty()) {
      log.warn(
          "no client .key files in {}: every CURVE client is refused until one is copied there",
          dir);
    }
    nameByKey = Map.copyOf(fresh);
    loadedNanos = System.nanoTime();
  }
}
