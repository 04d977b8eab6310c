package io.jobwire.frontend.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact JWTs signed with HS256 (the only algorithm accepted: a token naming {@code none}
 * or any other is refused). The user is {@code sub}; {@code exp} and {@code nbf} (seconds) are
 * honoured with no leeway. Pure computation, safe on any thread.
 */
final class Jwt {
  private static final int MAX_TOKEN_CHARS = 8 * 1024;

  private final SecretKeySpec key;
  private final Clock clock;

  Jwt(String secret, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  /** Thrown with a message fit for the client. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** The token's user; throws {@link Invalid} saying why it is not accepted. */
  String verify(String token) throws Invalid {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      throw new Invalid("not a JWT");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Invalid("not a JWT (expected header.payload.signature)");
    }
    JsonNode header = json(parts[0]);
    if (!"HS256".equals(header.path("alg").asText())) {
      throw new Invalid("only HS256 tokens are accepted");
    }
    byte[] expected = sign(parts[0] + "." + parts[1]);
    if (!MessageDigest.isEqual(expected, bytes(parts[2]))) {
      throw new Invalid("bad signature");
    }
    JsonNode claims = json(parts[1]);
    long now = clock.millis() / 1000;
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw new Invalid("the token has no exp");
    }
    if (now >= exp.asLong()) {
      throw new Invalid("the token has expired");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && nbf.isNumber() && now < nbf.asLong()) {
      throw new Invalid("the token is not valid yet");
    }
    JsonNode sub = claims.get("sub");
    if (sub == null || !sub.isTextual() || sub.asText().isBlank()) {
      throw new Invalid("the token has no sub");
    }
    return sub.asText();
  }

  /** Signs claims into a token; for tests and tools. */
  String sign(JsonNode claims) {
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = encode(Codec.encode(claims).getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + encode(sign(header + "." + payload));
  }

  private byte[] sign(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static JsonNode json(String part) throws Invalid {
    try {
      JsonNode node = Codec.mapper().readTree(bytes(part));
      if (node == null || !node.isObject()) {
        throw new Invalid("not a JWT (a part is not a JSON object)");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new Invalid("not a JWT (a part is not JSON)");
    }
  }

  private static byte[] bytes(String part) throws Invalid {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new Invalid("not a JWT (bad base64url)");
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
