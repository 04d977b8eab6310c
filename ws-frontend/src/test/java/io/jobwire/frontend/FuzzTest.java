package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated frames (fixed seed, loopback only, bounded count): every answer
 * is a valid server message, none is {@code internal}, and the server keeps serving.
 */
class FuzzTest extends LiveFrontend {
  static final int FRAMES = 3_000;
  static final String[] SEEDS = {
    "{\"op\":\"ping\",\"ref\":1}",
    "{\"op\":\"subscribe\",\"ref\":\"a\",\"topic\":\"ping\",\"params\":{\"count\":3}}",
    "{\"op\":\"subscribe\",\"ref\":2,\"resume\":{\"sub\":\"s-abc\",\"after\":4}}",
    "{\"op\":\"unsubscribe\",\"ref\":3,\"sub\":\"s-abc\"}",
    "{\"op\":\"status\",\"ref\":4,\"job\":\"j-1\"}",
    "{\"op\":\"auth\",\"ref\":5,\"token\":\"abc\"}",
  };
  static final String ALPHABET = "{}[]\":,0123456789.-+eEtruefalsnopsubcrijk \\/\u00e9\u2603\t\n";

  @Override
  FrontendConfig.Builder config() {
    return super.config().resume(ResumeWindow.off());
  }

  @Test
  void thousands_of_random_and_mutated_frames_never_break_the_server() {
    Random random = new Random(4);
    TestClient fuzzer = client();
    for (int i = 0; i < FRAMES; i++) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        fuzzer.sendBinary(bytes);
      } else if (kind <= 2) {
        fuzzer.send(randomText(random, random.nextInt(200)));
      } else {
        fuzzer.send(mutate(random, SEEDS[random.nextInt(SEEDS.length)]));
      }
    }
    fuzzer.send("{\"op\":\"ping\",\"ref\":\"end\"}");
    Map<String, Integer> answers = new TreeMap<>();
    while (true) {
      JsonNode frame = fuzzer.next(); // schema-checked
      if ("pong".equals(frame.path("op").asText()) && "end".equals(frame.path("ref").asText())) {
        break;
      }
      String key =
          frame.path("op").asText() + (frame.has("code") ? ":" + frame.path("code").asText() : "");
      answers.merge(key, 1, Integer::sum);
    }
    System.out.println("fuzz: " + FRAMES + " frames, answers " + answers);
    assertTrue(!answers.containsKey("error:internal"), answers.toString());
    assertTrue(answers.values().stream().mapToInt(Integer::intValue).sum() >= FRAMES / 2);

    TestClient fresh = client();
    fresh.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = fresh.next("subscribed");
    worker().result(subscribed.path("job").asText(), subscribed.path("sub").asText(), 1, "{}");
    assertEquals(1, fresh.next("result").path("seq").asLong());
    fuzzer.assertNextIsPong();
    fuzzer.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> frontend.stats().connections() == 1);
  }

  private static String randomText(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String mutate(Random random, String seed) {
    StringBuilder out = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(5)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 3 -> out.setLength(at);
        default -> out.insert(at, out.substring(0, Math.min(out.length(), 20)));
      }
    }
    return out.toString();
  }
}
