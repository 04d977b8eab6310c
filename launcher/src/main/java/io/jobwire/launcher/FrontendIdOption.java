package io.jobwire.launcher;

import io.jobwire.frontend.FrontendConfig;
import picocli.CommandLine.Option;

/**
 * {@code --id}: the front end's name in {@code jobwire status}, the dashboard and every job's
 * {@code route.fe}. Give each front end of a cluster its own, e.g. its machine's name.
 */
final class FrontendIdOption {

  @Option(
      names = "--id",
      defaultValue = "${env:JOBWIRE_FRONTEND_ID}",
      paramLabel = "NAME",
      description =
          "This front end's name in status and on the dashboard; unique per cluster (env"
              + " JOBWIRE_FRONTEND_ID; default: fe- and random characters).")
  String id;

  /** The config with this id, or unchanged when none was given. */
  FrontendConfig applyTo(FrontendConfig config) {
    return id == null || id.isBlank() ? config : config.toBuilder().frontendId(id.strip()).build();
  }
}
