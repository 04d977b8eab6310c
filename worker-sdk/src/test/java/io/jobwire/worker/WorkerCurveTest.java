package io.jobwire.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.CurveKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

class WorkerCurveTest {
  @TempDir Path dir;

  static CurveKeys pair() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeys(pair.publicKey, pair.secretKey);
  }

  @Test
  void reads_the_worker_pair_and_the_servers_public_keys_from_files() {
    CurveKeys own = pair();
    CurveKeys broker = pair();
    own.write(dir, "worker", false);
    broker.write(dir, "broker", false);

    WorkerCurve curve =
        WorkerCurve.fromFiles(dir.resolve("worker.key_secret"), dir.resolve("broker.key"), null);

    assertEquals(own, curve.own());
    assertEquals(broker.publicKey(), curve.broker().publicKey());
    assertNull(curve.broker().secretKey());
    assertNull(curve.frontend());
    assertTrue(curve.enabled());
  }

  @Test
  void a_server_key_without_the_workers_own_pair_is_refused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new WorkerCurve(null, pair().publicPart(), null));
    assertTrue(e.getMessage().contains("--curve-secret"), e.getMessage());
  }

  @Test
  void the_workers_own_key_must_hold_its_secret() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new WorkerCurve(pair().publicPart(), pair().publicPart(), null));
  }

  @Test
  void a_config_without_curve_is_plain_zeromq() {
    assertEquals(WorkerCurve.NONE, WorkerConfig.defaults().curve());
  }
}
