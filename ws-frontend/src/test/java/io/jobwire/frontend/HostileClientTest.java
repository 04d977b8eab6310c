package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** What a hostile client tries on the handshake, the frames and other users' jobs. */
class HostileClientTest extends LiveFrontend {

  @Override
  FrontendConfig.Builder config() {
    return super.config().auth(AuthMode.JWT).jwtSecret(JwtAuthTest.SECRET);
  }

  @Test
  void the_upgrade_response_does_not_echo_the_token() throws Exception {
    String token = JwtAuthTest.valid("alice");
    try (var handshake = new RawHandshake(frontend.httpPort(), null, "?token=" + token)) {
      assertEquals(101, handshake.status());
      for (String header : handshake.headers()) {
        assertTrue(!header.contains(token), "the 101 response echoes the token: " + header);
        assertTrue(
            !header.toLowerCase().startsWith("sec-websocket-location"),
            "the 101 response has " + header);
      }
    }
  }

  @Test
  void invalid_utf8_in_a_text_frame_fails_the_connection_with_1007() throws Exception {
    String token = JwtAuthTest.valid("alice");
    try (var handshake = new RawHandshake(frontend.httpPort(), null, "?token=" + token)) {
      assertEquals(101, handshake.status());
      OutputStream out = handshake.socket().getOutputStream();
      byte[] bad = {(byte) 0xc3, (byte) 0x28}; // a lead byte without its continuation
      out.write(new byte[] {(byte) 0x81, (byte) (0x80 | bad.length), 0, 0, 0, 0}); // mask 0
      out.write(bad);
      out.flush();

      assertEquals(1007, closeCode(new DataInputStream(handshake.socket().getInputStream())));
    }
  }

  @Test
  void a_background_job_is_not_readable_by_an_authenticated_user() throws Exception {
    String job = queue.enqueue(JobRequest.of("ping", Codec.mapper().createObjectNode()));
    TestClient alice = clientWithQuery("token=" + JwtAuthTest.valid("alice"));
    alice.next("welcome");

    alice.send("{\"op\":\"status\",\"ref\":1,\"job\":\"" + job + "\"}");

    JsonNode reply = alice.next("error");
    assertEquals("forbidden", reply.path("code").asText(), reply.toString());
  }

  /** Reads server frames (unmasked) until a close frame; returns its code. */
  private static int closeCode(DataInputStream in) throws IOException {
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0f;
      long length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = in.readNBytes((int) length);
      if (opcode == 0x8) {
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      }
    }
  }
}
