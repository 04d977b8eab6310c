package io.jobwire.worker;

import io.jobwire.security.CurveKeys;
import java.nio.file.Path;

/**
 * ZeroMQ CURVE for a worker's sockets. The worker presents {@link #own()} to the broker and to the
 * front ends, and only talks to a server whose public key it was given: {@link #broker()} for the
 * DEALER, {@link #frontend()} for the PUSH sockets to every {@code reply_to} (all front ends of a
 * cluster share one ingress key pair). The servers must have the worker's public key in their
 * clients directory. {@link #NONE} is plain ZeroMQ.
 *
 * @param own the worker's key pair (its {@code .key_secret}); null = no CURVE
 * @param broker the broker's public key; null = the DEALER runs without CURVE
 * @param frontend the front ends' ingress public key; null = the PUSH sockets run without CURVE
 */
public record WorkerCurve(CurveKeys own, CurveKeys broker, CurveKeys frontend) {

  /** Plain ZeroMQ, no CURVE. */
  public static final WorkerCurve NONE = new WorkerCurve(null, null, null);

  public WorkerCurve {
    if (own == null && (broker != null || frontend != null)) {
      throw new IllegalArgumentException(
          "a server key (--broker-key or --frontend-key) needs the worker's own key pair,"
              + " --curve-secret FILE");
    }
    if (own != null && own.secretKey() == null) {
      throw new IllegalArgumentException(
          "the worker's CURVE key must be its " + CurveKeys.SECRET_SUFFIX + " file");
    }
    if (own != null && broker == null && frontend == null) {
      throw new IllegalArgumentException(
          "--curve-secret needs --broker-key or --frontend-key: the public key of the server to"
              + " talk to");
    }
    broker = broker == null ? null : broker.publicPart();
    frontend = frontend == null ? null : frontend.publicPart();
  }

  /**
   * Reads the key files; each may be null.
   *
   * @param secret the worker's {@code .key_secret}
   * @param broker the broker's {@code .key}
   * @param frontend the front ends' ingress {@code .key}
   */
  public static WorkerCurve fromFiles(Path secret, Path broker, Path frontend) {
    return new WorkerCurve(
        secret == null ? null : CurveKeys.readSecret(secret),
        broker == null ? null : CurveKeys.read(broker),
        frontend == null ? null : CurveKeys.read(frontend));
  }

  public boolean enabled() {
    return own != null;
  }
}
