package io.jobwire.launcher.cli;

import picocli.CommandLine.Option;

/**
 * {@code --max-message-bytes}: the largest ZeroMQ message a receiving socket accepts, shared by
 * frontend, broker, workers and demo.
 */
public final class MaxMessageOption {

  @Option(
      names = "--max-message-bytes",
      defaultValue = "${env:JOBWIRE_MAX_MESSAGE_BYTES:-1048576}",
      paramLabel = "BYTES",
      description =
          "Largest ZeroMQ message the broker ROUTER, the ingress PULL and the workers' sockets"
              + " accept; a peer whose frame header claims more is disconnected before anything"
              + " is allocated (env JOBWIRE_MAX_MESSAGE_BYTES; default ${DEFAULT-VALUE}).")
  public int bytes;
}
