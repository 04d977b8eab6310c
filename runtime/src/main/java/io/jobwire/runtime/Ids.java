package io.jobwire.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jobwire.protocol.Codec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * jobwire's one id generator: front ends ({@code fe-}), connections ({@code c-}), subscriptions
 * ({@code s-}), shared streams ({@code x-}), workers ({@code host-pid-xxxx}), and the random part
 * of job ids, batch ids and connect tokens ({@link #base64Url}).
 *
 * <p>Subscription ids travel to workers inside {@code route} and back, and a client resumes by sub
 * id, so they must not be guessable: 16 base62 characters from a {@link SecureRandom} (about 95
 * bits). The randomness comes from a few SecureRandoms (DRBGs where the JDK has them), a thread
 * taking the one its id picks: the default {@code NativePRNG} serializes every caller on one lock,
 * and ids are made on the hot path (every subscribe, every job). Not one per thread: a virtual
 * thread per request would seed a new generator each time.
 */
public final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom[] RANDOMS =
      newRandoms(2 * Runtime.getRuntime().availableProcessors());
  private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();
  private static final int WORKER_SUFFIXES = 36 * 36 * 36 * 36;

  private Ids() {}

  public static String frontend() {
    return "fe-" + base62(10);
  }

  public static String connection() {
    return "c-" + base62(12);
  }

  public static String subscription() {
    return "s-" + base62(16);
  }

  /** A worker's default id: {@code host-pid-} and up to 4 base36 characters, for logs. */
  public static String worker(String host) {
    String suffix = Integer.toString(random().nextInt(WORKER_SUFFIXES), 36);
    return host + "-" + ProcessHandle.current().pid() + "-" + suffix;
  }

  /** {@code bytes} random bytes, URL-safe base64 without padding (job ids, batch ids, tokens). */
  public static String base64Url(int bytes) {
    byte[] out = new byte[bytes];
    random().nextBytes(out);
    return BASE64_URL.encodeToString(out);
  }

  /**
   * The id of a shared topic's stream, the same on every front end for the same (topic, params,
   * user): {@code x-} and 22 base62 characters of a SHA-256 over them (params with sorted keys).
   */
  public static String sharedStream(String topic, JsonNode params, String user) {
    try {
      var canonical =
          Codec.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
      Object tree = params == null ? null : canonical.treeToValue(params, Object.class);
      String text = topic + "\u0000" + canonical.writeValueAsString(tree) + "\u0000" + user;
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[22];
      var number = new BigInteger(1, digest);
      var base = BigInteger.valueOf(ALPHABET.length);
      for (int i = 0; i < out.length; i++) {
        var qr = number.divideAndRemainder(base);
        out[i] = ALPHABET[qr[1].intValue()];
        number = qr[0];
      }
      return "x-" + new String(out);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot name a shared stream: " + e, e);
    }
  }

  private static String base62(int length) {
    SecureRandom random = random();
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  private static SecureRandom random() {
    return RANDOMS[(int) (Thread.currentThread().threadId() % RANDOMS.length)];
  }

  private static SecureRandom[] newRandoms(int count) {
    SecureRandom[] randoms = new SecureRandom[count];
    for (int i = 0; i < count; i++) {
      randoms[i] = newRandom();
    }
    return randoms;
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
