package io.jobwire.worker.internal;

import io.jobwire.security.CurveKeys;
import org.zeromq.ZMQ;

/** Makes a connecting socket a CURVE client (see {@link io.jobwire.worker.WorkerCurve}). */
final class CurveSockets {
  private CurveSockets() {}

  /**
   * Presents {@code own} and accepts only the server whose public key is {@code server}; does
   * nothing when {@code server} is null (that server runs without CURVE). Call before connecting.
   */
  static void client(ZMQ.Socket socket, CurveKeys own, CurveKeys server) {
    if (server == null) {
      return;
    }
    socket.setCurvePublicKey(ZMQ.Curve.z85Decode(own.publicKey()));
    socket.setCurveSecretKey(ZMQ.Curve.z85Decode(own.secretKey()));
    socket.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey()));
  }
}
