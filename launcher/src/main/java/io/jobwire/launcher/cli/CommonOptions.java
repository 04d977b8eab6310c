package io.jobwire.launcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every long-running command shares. */
public final class CommonOptions {

  @Option(
      names = "--log-level",
      defaultValue = "${env:JOBWIRE_LOG_LEVEL:-info}",
      description =
          "error, warn, info, debug or trace (env JOBWIRE_LOG_LEVEL; default ${DEFAULT-VALUE}).")
  String logLevel;

  public void applyLogLevel() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(logLevel, Level.INFO));
  }
}
