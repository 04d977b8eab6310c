package io.jobwire.frontend.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.jobwire.frontend.JwtOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** JWT checks through nimbus-jose-jwt: signatures, algorithms, strict claims, JWKS rotation. */
class JwtTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";
  static final long NOW = 1_000_000;
  final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  final Jwt jwt = new Jwt(SECRET, JwtOptions.DEFAULTS, clock);

  static String sign(JWSSigner signer, JWSHeader header, String claims) throws JOSEException {
    JWSObject object = new JWSObject(header, new Payload(claims));
    object.sign(signer);
    return object.serialize();
  }

  static String hs256(String claims) throws JOSEException {
    return sign(new MACSigner(SECRET), new JWSHeader(JWSAlgorithm.HS256), claims);
  }

  private void refused(String token, String why) {
    var e = assertThrows(Jwt.Invalid.class, () -> jwt.verify(token), token);
    assertTrue(e.getMessage().toLowerCase().contains(why), e.getMessage());
  }

  @Test
  void accepts_a_signed_unexpired_token_and_returns_its_sub() throws Exception {
    assertEquals("alice", jwt.verify(hs256("{\"sub\":\"alice\",\"exp\":1000001}")));
  }

  @Test
  void refuses_expired_not_yet_valid_and_incomplete_tokens_with_30_seconds_of_leeway()
      throws Exception {
    assertEquals("a", jwt.verify(hs256("{\"sub\":\"a\",\"exp\":" + (NOW - 20) + "}")));
    refused(hs256("{\"sub\":\"a\",\"exp\":" + (NOW - 31) + "}"), "expired");
    refused(hs256("{\"sub\":\"a\",\"exp\":2000000,\"nbf\":" + (NOW + 31) + "}"), "before");
    refused(hs256("{\"exp\":2000000}"), "sub");
    refused(hs256("{\"sub\":\"a\"}"), "exp");
  }

  @Test
  void claims_of_the_wrong_type_are_refused_not_ignored() throws Exception {
    refused(hs256("{\"sub\":\"a\",\"exp\":2000000,\"nbf\":\"tomorrow\"}"), "nbf");
    refused(hs256("{\"sub\":\"a\",\"exp\":\"2000000\"}"), "exp");
    refused(hs256("{\"sub\":7,\"exp\":2000000}"), "sub");
    refused(hs256("{\"sub\":\"a\",\"exp\":1999999999000}"), "whole seconds");
    refused(hs256("{\"sub\":\"a\",\"exp\":1e300}"), "whole seconds");
    refused(hs256("{\"sub\":\"a\",\"exp\":2000000.5}"), "whole seconds");
  }

  @Test
  void duplicate_claims_and_control_characters_in_sub_are_refused() throws Exception {
    assertThrows(
        Jwt.Invalid.class,
        () -> jwt.verify(hs256("{\"sub\":\"alice\",\"sub\":\"admin\",\"exp\":2000000}")));
    refused(hs256("{\"sub\":\"a\\u0000b\",\"exp\":2000000}"), "control");
    refused(hs256("{\"sub\":\"a\\nb\",\"exp\":2000000}"), "control");
    refused(hs256("{\"sub\":\"\\u202eadmin\",\"exp\":2000000}"), "control");
    refused(hs256("{\"sub\":\"" + "a".repeat(257) + "\",\"exp\":2000000}"), "sub");
  }

  @Test
  void refuses_another_key_a_tampered_payload_none_and_other_algorithms() throws Exception {
    String other =
        sign(
            new MACSigner("another-key-another-key-another!"),
            new JWSHeader(JWSAlgorithm.HS256),
            "{\"sub\":\"a\",\"exp\":2000000}");
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(other));
    String[] parts = hs256("{\"sub\":\"a\",\"exp\":2000000}").split("\\.");
    String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":2000000}") + "." + parts[2];
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(forged));
    String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"a\",\"exp\":2000000}") + ".";
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(none));
    String hs512 =
        sign(
            new MACSigner(SECRET + SECRET),
            new JWSHeader(JWSAlgorithm.HS512),
            "{\"sub\":\"a\",\"exp\":2000000}");
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(hs512));
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    String rs256 =
        sign(
            new RSASSASigner(rsa),
            new JWSHeader(JWSAlgorithm.RS256),
            "{\"sub\":\"a\",\"exp\":2000000}");
    assertThrows(Jwt.Invalid.class, () -> jwt.verify(rs256), "RS256 without a JWKS URL");
    assertThrows(Jwt.Invalid.class, () -> jwt.verify("a.b"));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify("!!!.???.***"));
    assertThrows(Jwt.Invalid.class, () -> jwt.verify("x".repeat(9000)));
  }

  @Test
  void issuer_and_audience_are_checked_when_configured() throws Exception {
    var strict =
        new Jwt(
            SECRET,
            JwtOptions.DEFAULTS.withIssuer("https://id.example").withAudience("jobwire"),
            clock);
    String good =
        hs256(
            "{\"sub\":\"a\",\"exp\":2000000,\"iss\":\"https://id.example\",\"aud\":[\"x\",\"jobwire\"]}");
    assertEquals("a", strict.verify(good));
    assertThrows(
        Jwt.Invalid.class,
        () ->
            strict.verify(hs256("{\"sub\":\"a\",\"exp\":2000000,\"iss\":\"https://id.example\"}")));
    assertThrows(
        Jwt.Invalid.class,
        () ->
            strict.verify(
                hs256(
                    "{\"sub\":\"a\",\"exp\":2000000,\"iss\":\"https://evil\",\"aud\":\"jobwire\"}")));
  }

  @Test
  void rs256_and_es256_keys_come_from_the_jwks_url_and_a_rotation_is_picked_up() throws Exception {
    RSAKey first = new RSAKeyGenerator(2048).keyID("first").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
    RSAKey second = new RSAKeyGenerator(2048).keyID("second").generate();
    try (var jwks = new JwksServer(first, ec)) {
      var remote =
          new Jwt(
              null,
              JwtOptions.DEFAULTS
                  .withJwksUrl(jwks.url())
                  .withJwksTiming(Duration.ofMinutes(5), Duration.ZERO),
              clock);
      assertTrue(remote.fetchesKeys());
      String claims = "{\"sub\":\"rita\",\"exp\":2000000}";
      assertEquals("rita", remote.verify(rs256(first, claims)));
      assertEquals("rita", remote.verify(es256(ec, claims)));
      assertEquals(1, jwks.fetches.get(), "the key set is cached");

      jwks.serve(second, ec); // the identity provider rotates its RSA key
      assertEquals("rita", remote.verify(rs256(second, claims)));
      assertEquals(2, jwks.fetches.get(), "an unknown kid fetched the set again");
      assertThrows(Jwt.Invalid.class, () -> remote.verify(rs256(first, claims)));

      // Algorithm confusion: HS256 signed with the public key is refused (no HMAC secret here).
      String confused =
          sign(
              new MACSigner(first.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)),
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("second").build(),
              claims);
      assertThrows(Jwt.Invalid.class, () -> remote.verify(confused));
    }
  }

  private static String rs256(RSAKey key, String claims) throws JOSEException {
    return sign(
        new RSASSASigner(key),
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        claims);
  }

  private static String es256(ECKey key, String claims) throws JOSEException {
    return sign(
        new ECDSASigner(key),
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        claims);
  }

  private static String b64(String json) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A tiny identity provider on loopback serving a JWK set that the test can rotate. */
  static final class JwksServer implements AutoCloseable {
    final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final HttpServer server;

    JwksServer(JWK... keys) throws java.io.IOException {
      serve(keys);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks.json",
          exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
    }

    void serve(JWK... keys) {
      body.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
