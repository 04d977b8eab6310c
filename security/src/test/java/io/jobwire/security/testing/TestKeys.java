package io.jobwire.security.testing;

import io.jobwire.security.CurveKeys;
import java.nio.file.Path;
import org.zeromq.ZMQ;

/** CURVE key pairs for tests, written as {@code NAME.key} and {@code NAME.key_secret} files. */
public final class TestKeys {
  private TestKeys() {}

  /** A fresh key pair, in memory only. */
  public static CurveKeys generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeys(pair.publicKey, pair.secretKey);
  }

  /** A fresh key pair written to {@code dir} as {@code NAME.key} and {@code NAME.key_secret}. */
  public static CurveKeys write(Path dir, String name) {
    CurveKeys keys = generate();
    keys.write(dir, name, false);
    return keys;
  }

  /** Copies the public key of {@code keys} into {@code dir} as {@code NAME.key}: allows it. */
  public static void allow(Path dir, String name, CurveKeys keys) {
    keys.publicPart().write(dir, name, false);
  }
}
