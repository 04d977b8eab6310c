package io.jobwire.launcher.cli;

import picocli.CommandLine.Option;

/** The {@code --redis} option of every command that talks to Redis. */
public final class RedisOption {

  static final String DEFAULT = "redis://127.0.0.1:6379";

  @Option(
      names = "--redis",
      defaultValue = "${env:JOBWIRE_REDIS:-" + DEFAULT + "}",
      paramLabel = "URI",
      description =
          "Redis to use: redis://HOST:PORT, rediss://HOST:PORT (TLS) or, through Sentinel,"
              + " redis-sentinel://[USER:PASSWORD@]HOST:26379,HOST:26379/MASTER[?db=N], or"
              + " redis-cluster://HOST:6379,HOST:6379"
              + " (env JOBWIRE_REDIS; default ${DEFAULT-VALUE}).")
  public String uri;
}
