package io.jobwire.launcher;

import picocli.CommandLine.Option;

/**
 * {@code --admin-key}: the key for the front end's admin endpoints, shared by frontend and demo.
 */
final class AdminKeyOption {

  @Option(
      names = "--admin-key",
      defaultValue = "${env:JOBWIRE_ADMIN_KEY}",
      paramLabel = "KEY",
      description =
          "Key for the admin endpoints (POST /tokens, /dashboard), sent as header"
              + " X-Jobwire-Admin-Key or Authorization: Bearer, or once as /dashboard?key=KEY;"
              + " at least 16 characters (env JOBWIRE_ADMIN_KEY; default: /tokens off, dashboard"
              + " open on a loopback --host only).")
  String key;
}
