package io.jobwire.frontend.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jobwire.frontend.JwtOptions;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies compact JWTs with nimbus-jose-jwt: HS256 with the shared secret, RS256 and ES256 with
 * the keys of a JWKS URL (cached; a token naming a key id not in the cache fetches the set again,
 * at most once per {@link JwtOptions#jwksMinRefresh()}). Nothing else: {@code none}, other
 * algorithms and algorithm confusion (an RSA public key used as an HMAC secret) are refused.
 *
 * <p>Claims are strict: {@code sub} and {@code exp} are required; {@code exp}, {@code nbf} and
 * {@code iat} must be whole seconds since the epoch (a value in milliseconds is refused); {@code
 * sub} is at most 256 characters with no control or format characters; {@code iss} and {@code aud}
 * are checked when configured; {@code exp} and {@code nbf} allow {@link JwtOptions#leeway()}.
 *
 * <p>HS256 alone is pure computation, safe on any thread. With a JWKS URL {@link #verify} may fetch
 * keys over HTTP: call it off the IO threads ({@link #fetchesKeys()}).
 */
final class Jwt {
  private static final int MAX_TOKEN_CHARS = 8 * 1024;
  private static final int MAX_SUB_CHARS = 256;

  /** 10^11 seconds is the year 5138; a larger time is a value in milliseconds, or garbage. */
  private static final long MAX_SECONDS = 100_000_000_000L;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final boolean fetchesKeys;

  Jwt(String secret, JwtOptions options, Clock clock) {
    JWSKeySelector<SecurityContext> hmac =
        secret == null
            ? null
            : new JWSVerificationKeySelector<>(
                JWSAlgorithm.HS256, new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8)));
    JWSKeySelector<SecurityContext> remote =
        options.jwksUrl() == null
            ? null
            : new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys(options));
    this.fetchesKeys = remote != null;
    processor.setJWSKeySelector(
        (header, context) -> {
          JWSKeySelector<SecurityContext> pick =
              JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hmac : remote;
          return pick == null ? List.of() : pick.selectJWSKeys(header, context);
        });
    var claims =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            options.audience() == null ? null : Set.of(options.audience()),
            options.issuer() == null
                ? null
                : new JWTClaimsSet.Builder().issuer(options.issuer()).build(),
            Set.of("sub", "exp"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) options.leeway().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Thrown with a message fit for the client. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** True when {@link #verify} may fetch keys over the network (so it must not run on IO). */
  boolean fetchesKeys() {
    return fetchesKeys;
  }

  /** The token's user; throws {@link Invalid} saying why it is not accepted. */
  String verify(String token) throws Invalid {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw new Invalid("not a JWT");
    }
    try {
      JWT jwt = JWTParser.parse(token);
      if (!(jwt instanceof SignedJWT signed)) {
        throw new Invalid("the token is not signed");
      }
      requireTypes(signed.getPayload().toJSONObject());
      return user(processor.process(signed, null).getSubject());
    } catch (ParseException e) {
      throw new Invalid("not a JWT (" + firstLine(e.getMessage()) + ")");
    } catch (BadJOSEException | JOSEException e) {
      throw new Invalid(firstLine(e.getMessage()));
    }
  }

  /** What nimbus would coerce: a number for {@code sub}, milliseconds or 1e300 for a time. */
  private static void requireTypes(Map<String, Object> claims) throws Invalid {
    if (claims == null) {
      throw new Invalid("not a JWT (the payload is not a JSON object)");
    }
    for (String name : new String[] {"sub", "iss"}) {
      Object value = claims.get(name);
      if (value != null && !(value instanceof String)) {
        throw new Invalid(name + " must be a string");
      }
    }
    for (String name : new String[] {"exp", "nbf", "iat"}) {
      Object value = claims.get(name);
      if (value == null) {
        continue;
      }
      if (!(value instanceof Long || value instanceof Integer)
          || ((Number) value).longValue() < 0
          || ((Number) value).longValue() >= MAX_SECONDS) {
        throw new Invalid(name + " must be whole seconds since the epoch, was " + value);
      }
    }
  }

  private static String user(String sub) throws Invalid {
    if (sub == null || sub.isBlank() || sub.length() > MAX_SUB_CHARS) {
      throw new Invalid("sub must be 1.." + MAX_SUB_CHARS + " characters");
    }
    for (int i = 0; i < sub.length(); i++) {
      char c = sub.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        throw new Invalid("sub must not hold control or format characters");
      }
    }
    return sub;
  }

  private static JWKSource<SecurityContext> keys(JwtOptions options) {
    try {
      var builder =
          JWKSourceBuilder.<SecurityContext>create(options.jwksUrl().toURL())
              .cache(
                  options.jwksCacheFor().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
              .refreshAheadCache(false)
              .retrying(true);
      long minRefresh = options.jwksMinRefresh().toMillis();
      builder = minRefresh > 0 ? builder.rateLimited(minRefresh) : builder.rateLimited(false);
      return builder.build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad JWKS URL " + options.jwksUrl(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int cut = message.indexOf('\n');
    return cut < 0 ? message : message.substring(0, cut);
  }
}
