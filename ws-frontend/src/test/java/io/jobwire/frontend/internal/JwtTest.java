package io.jobwire.frontend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobwire.protocol.Codec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JwtTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";
  final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
  final Jwt jwt = new Jwt(SECRET, clock);

  private String sign(String claims) throws Exception {
    return jwt.sign(Codec.mapper().readTree(claims));
  }

  @Test
  void accepts_a_signed_unexpired_token_and_returns_its_sub() throws Exception {
    assertEquals("alice", jwt.verify(sign("{\"sub\":\"alice\",\"exp\":1000001}")));
  }

  @Test
  void refuses_expired_not_yet_valid_and_subless_tokens() throws Exception {
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(sign("{\"sub\":\"a\",\"exp\":1000000}")));
    assertThrows(
        Jwt.Invalid.class,
        () -> jwt.verify(sign("{\"sub\":\"a\",\"exp\":2000000,\"nbf\":1000001}")));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(sign("{\"exp\":2000000}")));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(sign("{\"sub\":\"a\"}")));
  }

  @Test
  void refuses_a_token_signed_with_another_key_or_tampered() throws Exception {
    String other =
        new Jwt("another-key-another-key-another!", clock)
            .sign(Codec.mapper().readTree("{\"sub\":\"a\",\"exp\":2000000}"));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(other));
    String good = sign("{\"sub\":\"a\",\"exp\":2000000}");
    String[] parts = good.split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"sub\":\"admin\",\"exp\":2000000}".getBytes())
            + "."
            + parts[2];
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(forged));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify("a.b"));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify("!!!.???.***"));
  }
}
