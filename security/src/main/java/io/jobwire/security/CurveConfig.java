package io.jobwire.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * ZeroMQ CURVE for a server socket: the broker's ROUTER or a front end's ingress PULL. With keys,
 * traffic is encrypted and only clients whose public key is in {@link #clients()} get through.
 * Without keys a server may bind only to loopback, unless CURVE is explicitly {@link #disabled()}.
 * Build with {@link #builder()}; {@link #DEFAULT} has no keys.
 *
 * @param disabled true when CURVE was turned off on purpose ({@code --no-curve}): any bind is
 *     allowed without keys
 * @param serverKeys this server's key pair (its {@code .key_secret}); null = no CURVE
 * @param clients the directory of allowed client public keys ({@code *.key}); read again when it
 *     changes, so a new key is accepted without a restart
 * @param frontendKey broker only: the front ends' ingress public key, for the PUSH sockets that
 *     send {@code failed}; the broker then presents {@code serverKeys} as its client key
 */
public record CurveConfig(
    boolean disabled, CurveKeys serverKeys, Path clients, CurveKeys frontendKey) {

  /** No keys: allowed on loopback binds only. */
  public static final CurveConfig DEFAULT = new CurveConfig(false, null, null, null);

  public CurveConfig {
    if (disabled && (serverKeys != null || clients != null || frontendKey != null)) {
      throw new IllegalArgumentException(
          "--no-curve turns CURVE off, but CURVE keys were given too: drop one or the other");
    }
    if (serverKeys != null && serverKeys.secretKey() == null) {
      throw new IllegalArgumentException(
          "the server's CURVE key must be its " + CurveKeys.SECRET_SUFFIX + " file");
    }
    if (serverKeys != null && clients == null) {
      throw new IllegalArgumentException(
          "--curve-secret needs --curve-clients DIR, the directory of allowed client .key files");
    }
    if (clients != null && serverKeys == null) {
      throw new IllegalArgumentException("--curve-clients needs --curve-secret FILE");
    }
    if (clients != null && !Files.isDirectory(clients)) {
      throw new IllegalArgumentException(
          "--curve-clients " + clients + " is not a directory of client .key files");
    }
    if (frontendKey != null && serverKeys == null) {
      throw new IllegalArgumentException(
          "--frontend-key needs --curve-secret: the broker presents its own key pair to the front"
              + " ends");
    }
    frontendKey = frontendKey == null ? null : frontendKey.publicPart();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when the server socket runs CURVE. */
  public boolean enabled() {
    return serverKeys != null;
  }

  /**
   * Refuses a bind that other machines can reach when CURVE is neither on nor explicitly disabled.
   *
   * @param endpoint the ZeroMQ endpoint to bind
   * @param what what binds it, for the message, e.g. {@code "the broker"}
   */
  public void requireSafeBind(String endpoint, String what) {
    if (!enabled() && !disabled && !isLocal(endpoint)) {
      throw new IllegalArgumentException(
          what
              + " would bind "
              + endpoint
              + ", which other machines can reach, without CURVE: anyone reaching it could talk"
              + " to it. Run `jobwire keys generate` and pass --curve-secret and --curve-clients,"
              + " or pass --no-curve (env JOBWIRE_NO_CURVE=true) to accept that.");
    }
  }

  /** True for {@code ipc://}, {@code inproc://} and TCP on 127.0.0.0/8, ::1 or localhost. */
  public static boolean isLocal(String endpoint) {
    int scheme = endpoint.indexOf("://");
    String kind = scheme < 0 ? "" : endpoint.substring(0, scheme);
    if (kind.equals("ipc") || kind.equals("inproc")) {
      return true;
    }
    String address = endpoint.substring(scheme + 3);
    int colon = address.lastIndexOf(':');
    String host = (colon < 0 ? address : address.substring(0, colon)).toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || host.matches("127(\\.\\d{1,3}){3}");
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private boolean disabled;
    private CurveKeys serverKeys;
    private Path clients;
    private CurveKeys frontendKey;

    private Builder() {}

    /** Turns CURVE off on purpose, so that a non-loopback bind is allowed without keys. */
    public Builder disabled(boolean value) {
      disabled = value;
      return this;
    }

    public Builder serverKeys(CurveKeys value) {
      serverKeys = value;
      return this;
    }

    /** Reads the server's {@code .key_secret} file; null = none. */
    public Builder secretFile(Path file) {
      serverKeys = file == null ? null : CurveKeys.readSecret(file);
      return this;
    }

    public Builder clients(Path dir) {
      clients = dir;
      return this;
    }

    public Builder frontendKey(CurveKeys value) {
      frontendKey = value;
      return this;
    }

    /** Reads the front ends' public {@code .key} file; null = none. */
    public Builder frontendKeyFile(Path file) {
      frontendKey = file == null ? null : CurveKeys.read(file);
      return this;
    }

    public CurveConfig build() {
      return new CurveConfig(disabled, serverKeys, clients, frontendKey);
    }
  }
}
