package io.jobwire.launcher.cli;

import io.jobwire.frontend.AdminCookie;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --admin-key}: the key for the front end's admin endpoints, shared by frontend and demo.
 */
public final class AdminKeyOption {

  @Option(
      names = "--admin-key",
      defaultValue = "${env:JOBWIRE_ADMIN_KEY}",
      paramLabel = "KEY",
      description =
          "Key for the admin endpoints (POST /tokens, /dashboard), sent as header"
              + " X-Jobwire-Admin-Key or Authorization: Bearer, or once as /dashboard?key=KEY;"
              + " at least 16 characters (env JOBWIRE_ADMIN_KEY; default: /tokens off, dashboard"
              + " open on a loopback --host only).")
  public String key;

  @Option(
      names = "--admin-cookie-ttl-ms",
      defaultValue = "${env:JOBWIRE_ADMIN_COOKIE_TTL_MS:-43200000}",
      converter = Durations.Millis.class,
      description =
          "How long the dashboard cookie from ?key=KEY is good for (env"
              + " JOBWIRE_ADMIN_COOKIE_TTL_MS; default ${DEFAULT-VALUE}, 12 hours).")
  long cookieTtlMs;

  @Option(
      names = "--admin-cookie-epoch",
      defaultValue = "${env:JOBWIRE_ADMIN_COOKIE_EPOCH:-0}",
      description =
          "Mixed into every dashboard cookie: raise it on every front end to revoke all cookies"
              + " given out (env JOBWIRE_ADMIN_COOKIE_EPOCH; default ${DEFAULT-VALUE}).")
  long cookieEpoch;

  public AdminCookie cookie() {
    return new AdminCookie(Duration.ofMillis(cookieTtlMs), cookieEpoch);
  }
}
