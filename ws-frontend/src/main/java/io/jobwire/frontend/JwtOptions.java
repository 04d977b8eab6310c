package io.jobwire.frontend;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AuthMode#JWT} checks a token beyond its signature. HS256 tokens are checked with
 * {@link FrontendConfig#jwtSecret()}; RS256 and ES256 tokens with the identity provider's public
 * keys, fetched from {@code jwksUrl}, cached and fetched again when a token names a key id the
 * cache does not hold (key rotation).
 *
 * @param jwksUrl the identity provider's JSON Web Key Set, {@code https://} (or {@code http://} on
 *     loopback); null = HS256 only
 * @param issuer the {@code iss} every token must carry; null = any
 * @param audience a value the token's {@code aud} must hold; null = any
 * @param leeway clock skew allowed when checking {@code exp} and {@code nbf}
 * @param jwksCacheFor how long fetched keys are used before they are fetched again
 * @param jwksMinRefresh the shortest time between two fetches (tokens naming unknown key ids cannot
 *     make the front end flood the identity provider); zero = no limit
 */
public record JwtOptions(
    URI jwksUrl,
    String issuer,
    String audience,
    Duration leeway,
    Duration jwksCacheFor,
    Duration jwksMinRefresh) {

  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_CACHE_FOR = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_MIN_REFRESH = Duration.ofSeconds(30);

  /** HS256 only, any issuer and audience, 30 s of leeway. */
  public static final JwtOptions DEFAULTS =
      new JwtOptions(
          null, null, null, DEFAULT_LEEWAY, DEFAULT_JWKS_CACHE_FOR, DEFAULT_JWKS_MIN_REFRESH);

  public JwtOptions {
    Objects.requireNonNull(leeway, "leeway");
    Objects.requireNonNull(jwksCacheFor, "jwksCacheFor");
    Objects.requireNonNull(jwksMinRefresh, "jwksMinRefresh");
    if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("JWT leeway must be 0..10 minutes, was " + leeway);
    }
    if (jwksCacheFor.toMillis() < 1000 || jwksMinRefresh.isNegative()) {
      throw new IllegalArgumentException("jwksCacheFor must be >= 1 s and jwksMinRefresh >= 0");
    }
    if (jwksUrl != null) {
      requireSafe(jwksUrl);
    }
    issuer = blankToNull(issuer);
    audience = blankToNull(audience);
  }

  public JwtOptions withJwksUrl(URI value) {
    return toBuilder().jwksUrl(value).build();
  }

  public JwtOptions withIssuer(String value) {
    return toBuilder().issuer(value).build();
  }

  public JwtOptions withAudience(String value) {
    return toBuilder().audience(value).build();
  }

  public JwtOptions withLeeway(Duration value) {
    return toBuilder().leeway(value).build();
  }

  public JwtOptions withJwksTiming(Duration cacheFor, Duration minRefresh) {
    return toBuilder().jwksTiming(cacheFor, minRefresh).build();
  }

  /** A builder holding these options; {@code DEFAULTS.toBuilder()} starts from the defaults. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects values; {@link #build()} validates them (the record's constructor). */
  public static final class Builder {
    private URI jwksUrl;
    private String issuer;
    private String audience;
    private Duration leeway;
    private Duration jwksCacheFor;
    private Duration jwksMinRefresh;

    private Builder(JwtOptions from) {
      jwksUrl = from.jwksUrl;
      issuer = from.issuer;
      audience = from.audience;
      leeway = from.leeway;
      jwksCacheFor = from.jwksCacheFor;
      jwksMinRefresh = from.jwksMinRefresh;
    }

    public Builder jwksUrl(URI value) {
      jwksUrl = value;
      return this;
    }

    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    public Builder audience(String value) {
      audience = value;
      return this;
    }

    public Builder leeway(Duration value) {
      leeway = value;
      return this;
    }

    public Builder jwksTiming(Duration cacheFor, Duration minRefresh) {
      jwksCacheFor = cacheFor;
      jwksMinRefresh = minRefresh;
      return this;
    }

    public JwtOptions build() {
      return new JwtOptions(jwksUrl, issuer, audience, leeway, jwksCacheFor, jwksMinRefresh);
    }
  }

  private static void requireSafe(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme();
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && loopback(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        "the JWKS URL must be https:// (plain http:// only on loopback), was " + url);
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    try {
      return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
