package io.jobwire.launcher.cli;

import io.jobwire.security.CurveConfig;
import io.jobwire.security.CurveKeys;
import io.jobwire.worker.WorkerCurve;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The ZeroMQ CURVE flags (see docs/security.md), one mixin per kind of process: {@link Server} for
 * the front end's ingress, {@link Broker} for the broker, {@link Worker} for {@code workers},
 * {@link Push} for {@code push}. Key files come from {@code jobwire keys generate}.
 */
public final class CurveOptions {
  private CurveOptions() {}

  /** A server socket's keys: its own key pair and the directory of allowed client keys. */
  public static class Server {
    @Option(
        names = "--curve-secret",
        defaultValue = "${env:JOBWIRE_CURVE_SECRET}",
        paramLabel = "FILE",
        description =
            "This server's CURVE key pair, a .key_secret file from `jobwire keys generate`; turns"
                + " CURVE on (env JOBWIRE_CURVE_SECRET).")
    Path secret;

    @Option(
        names = "--curve-clients",
        defaultValue = "${env:JOBWIRE_CURVE_CLIENTS}",
        paramLabel = "DIR",
        description =
            "Directory of the public .key files of the clients allowed in; others are refused and"
                + " counted. Re-read when it changes (env JOBWIRE_CURVE_CLIENTS).")
    Path clients;

    @Option(
        names = "--no-curve",
        defaultValue = "${env:JOBWIRE_NO_CURVE:-false}",
        description =
            "Allow a non-loopback bind without CURVE: anyone who reaches the port can talk to it"
                + " (env JOBWIRE_NO_CURVE=true).")
    boolean noCurve;

    CurveConfig.Builder builder() {
      return CurveConfig.builder().disabled(noCurve).secretFile(secret).clients(clients);
    }

    public CurveConfig toConfig() {
      return builder().build();
    }
  }

  /** The broker: a server, and a client of the front ends for the {@code failed} it sends. */
  public static final class Broker extends Server {
    @Option(
        names = "--frontend-key",
        defaultValue = "${env:JOBWIRE_FRONTEND_KEY}",
        paramLabel = "FILE",
        description =
            "The front ends' ingress public .key, for the `failed` messages the broker pushes;"
                + " the broker presents its --curve-secret, so put its .key in the front ends'"
                + " --curve-clients (env JOBWIRE_FRONTEND_KEY).")
    Path frontendKey;

    @Override
    public CurveConfig toConfig() {
      return builder().frontendKeyFile(frontendKey).build();
    }
  }

  /** A worker: its own key pair, and the public keys of the broker and the front ends. */
  public static final class Worker {
    @Option(
        names = "--curve-secret",
        defaultValue = "${env:JOBWIRE_CURVE_SECRET}",
        paramLabel = "FILE",
        description =
            "This worker's CURVE key pair, a .key_secret file; its .key must be in the servers'"
                + " --curve-clients (env JOBWIRE_CURVE_SECRET).")
    Path secret;

    @Option(
        names = "--broker-key",
        defaultValue = "${env:JOBWIRE_BROKER_KEY}",
        paramLabel = "FILE",
        description = "The broker's public .key (env JOBWIRE_BROKER_KEY).")
    Path brokerKey;

    @Option(
        names = "--frontend-key",
        defaultValue = "${env:JOBWIRE_FRONTEND_KEY}",
        paramLabel = "FILE",
        description =
            "The front ends' ingress public .key, shared by all front ends (env"
                + " JOBWIRE_FRONTEND_KEY).")
    Path frontendKey;

    public WorkerCurve toCurve() {
      return WorkerCurve.fromFiles(secret, brokerKey, frontendKey);
    }
  }

  /** {@code push}: its own key pair and the front end's public key. */
  public static final class Push {
    @Option(
        names = "--curve-secret",
        defaultValue = "${env:JOBWIRE_CURVE_SECRET}",
        paramLabel = "FILE",
        description =
            "Our CURVE key pair, a .key_secret file whose .key is in the front end's"
                + " --curve-clients (env JOBWIRE_CURVE_SECRET).")
    Path secret;

    @Option(
        names = "--frontend-key",
        defaultValue = "${env:JOBWIRE_FRONTEND_KEY}",
        paramLabel = "FILE",
        description = "The front end's ingress public .key (env JOBWIRE_FRONTEND_KEY).")
    Path frontendKey;

    /** Our key pair, or null without CURVE. */
    public CurveKeys own() {
      requireBoth();
      return secret == null ? null : CurveKeys.readSecret(secret);
    }

    /** The front end's public key, or null without CURVE. */
    public CurveKeys frontend() {
      requireBoth();
      return frontendKey == null ? null : CurveKeys.read(frontendKey);
    }

    private void requireBoth() {
      if ((secret == null) != (frontendKey == null)) {
        throw new IllegalArgumentException(
            "CURVE needs both --curve-secret (our .key_secret) and --frontend-key (the front"
                + " end's .key)");
      }
    }
  }
}
