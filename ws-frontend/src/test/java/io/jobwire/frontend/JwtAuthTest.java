package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@code auth jwt}: HS256 tokens, {@code sub} is the user, {@code exp} honoured. */
class JwtAuthTest extends LiveFrontend {
  static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

  @Override
  FrontendConfig.Builder config() {
    return super.config().auth(AuthMode.JWT).jwtSecret(SECRET);
  }

  static String jwt(String header, String claims, String secret) throws Exception {
    var b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  static String valid(String user) throws Exception {
    long exp = System.currentTimeMillis() / 1000 + 300;
    return jwt(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"sub\":\"" + user + "\",\"exp\":" + exp + "}",
        SECRET);
  }

  private String authReply(String token) {
    TestClient client = client();
    client.send("{\"op\":\"auth\",\"ref\":1,\"token\":" + Codec.encode(token) + "}");
    var reply = client.next();
    return reply.path("op").asText().equals("error")
        ? reply.path("code").asText()
        : reply.path("user").asText();
  }

  @Test
  void a_valid_token_authenticates_as_its_sub() throws Exception {
    assertEquals("alice", authReply(valid("alice")));
    TestClient client = clientWithQuery("token=" + valid("bob"));
    assertEquals("bob", client.next("welcome").path("user").asText());
  }

  @Test
  void expired_forged_unsigned_and_malformed_tokens_are_unauthorized() throws Exception {
    long past = System.currentTimeMillis() / 1000 - 120; // beyond the 30 s leeway
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    assertEquals(
        "unauthorized", authReply(jwt(header, "{\"sub\":\"a\",\"exp\":" + past + "}", SECRET)));
    assertEquals(
        "unauthorized", authReply(valid("a").substring(0, valid("a").lastIndexOf('.')) + ".AAAA"));
    assertEquals(
        "unauthorized",
        authReply(
            jwt(header, "{\"sub\":\"a\",\"exp\":9999999999}", "another-secret-32-bytes-long!!!!")));
    String none =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"sub\":\"a\",\"exp\":9999999999}".getBytes())
            + ".";
    assertEquals("unauthorized", authReply(none));
    assertEquals("unauthorized", authReply("not.a.jwt"));
    assertEquals("unauthorized", authReply(jwt(header, "{\"exp\":9999999999}", SECRET)));
  }
}
