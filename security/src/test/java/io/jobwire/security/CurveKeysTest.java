package io.jobwire.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveKeysTest {
  // The key pair of the ZeroMQ RFC 26 (CurveZMQ) test vectors' server.
  static final String PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  static final String SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

  @TempDir Path dir;

  @Test
  void writes_files_that_read_back_as_the_same_keys() throws Exception {
    var keys = new CurveKeys(PUBLIC, SECRET);

    keys.write(dir, "broker", false);

    assertEquals(keys, CurveKeys.read(dir.resolve("broker.key_secret")));
    CurveKeys pub = CurveKeys.read(dir.resolve("broker.key"));
    assertEquals(PUBLIC, pub.publicKey());
    assertNull(pub.secretKey());
    assertFalse(Files.readString(dir.resolve("broker.key")).contains(SECRET));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("broker.key_secret"))));
  }

  @Test
  void refuses_to_overwrite_a_key_unless_forced() {
    var keys = new CurveKeys(PUBLIC, SECRET);
    keys.write(dir, "broker", false);

    var e = assertThrows(IllegalArgumentException.class, () -> keys.write(dir, "broker", false));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    keys.write(dir, "broker", true);
  }

  @Test
  void reads_the_certificate_format_of_pyzmq_and_czmq() throws Exception {
    Path file = dir.resolve("client.key_secret");
    Files.writeString(
        file,
        """
        #   ****  Generated on 2024-01-01 12:00:00 by pyzmq  ****
        #   ZeroMQ CURVE **Secret** Certificate
        #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.

        metadata
        curve
            public-key = "%s"
            secret-key = "%s"
        """
            .formatted(PUBLIC, SECRET));

    assertEquals(new CurveKeys(PUBLIC, SECRET), CurveKeys.readSecret(file));
  }

  @Test
  void a_public_key_file_is_no_secret_key() throws Exception {
    CurveKeys.publicOnly(PUBLIC).write(dir, "peer", false);

    var e =
        assertThrows(
            IllegalArgumentException.class, () -> CurveKeys.readSecret(dir.resolve("peer.key")));
    assertTrue(e.getMessage().contains(".key_secret"), e.getMessage());
  }

  @Test
  void a_file_without_a_valid_key_is_refused_with_a_hint() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.key"), "curve\n    public-key = \"short\"\n");

    var e = assertThrows(IllegalArgumentException.class, () -> CurveKeys.read(file));
    assertTrue(e.getMessage().contains("jobwire keys generate"), e.getMessage());
  }

  @Test
  void lists_the_public_keys_of_a_clients_directory() throws Exception {
    CurveKeys.publicOnly(PUBLIC).write(dir, "w1", false);
    Files.writeString(dir.resolve("README"), "not a key");

    assertEquals(Map.of("w1.key", PUBLIC), CurveKeys.readPublicKeys(dir));
  }

  @Test
  void the_secret_key_never_shows_in_to_string() {
    assertFalse(new CurveKeys(PUBLIC, SECRET).toString().contains(SECRET));
  }
}
