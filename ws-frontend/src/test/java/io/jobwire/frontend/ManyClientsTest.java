package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Many clients and subscriptions at once: every message still reaches its own, in order. */
class ManyClientsTest extends LiveFrontend {
  private static final int CLIENTS = 10;
  private static final int SUBS_PER_CLIENT = 3;
  private static final int PROGRESS_PER_JOB = 5;

  record Sub(TestClient client, String sub, String job) {}

  @Test
  void interleaved_results_for_many_subscriptions_each_arrive_complete_and_in_order() {
    List<TestClient> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      TestClient client = client();
      clients.add(client);
      for (int s = 0; s < SUBS_PER_CLIENT; s++) {
        client.send("{\"op\":\"subscribe\",\"ref\":" + s + ",\"topic\":\"ping\"}");
      }
    }
    List<Sub> subs = new ArrayList<>();
    for (TestClient client : clients) {
      for (int s = 0; s < SUBS_PER_CLIENT; s++) {
        JsonNode subscribed = client.next("subscribed");
        subs.add(new Sub(client, subscribed.path("sub").asText(), subscribed.path("job").asText()));
      }
    }
    TestWorker worker = worker();

    for (int seq = 1; seq <= PROGRESS_PER_JOB; seq++) {
      for (Sub sub : subs) {
        worker.progress(sub.job(), sub.sub(), seq, "{\"n\":" + seq + "}");
      }
    }
    for (Sub sub : subs) {
      worker.result(sub.job(), sub.sub(), PROGRESS_PER_JOB + 1, "{\"done\":true}");
    }

    for (TestClient client : clients) {
      Map<String, List<Long>> seqsBySub = new HashMap<>();
      for (int i = 0; i < SUBS_PER_CLIENT * (PROGRESS_PER_JOB + 1); i++) {
        JsonNode frame = client.next();
        seqsBySub
            .computeIfAbsent(frame.path("sub").asText(), sub -> new ArrayList<>())
            .add(frame.path("seq").asLong());
      }
      List<String> own =
          subs.stream().filter(sub -> sub.client() == client).map(Sub::sub).sorted().toList();
      assertEquals(own, seqsBySub.keySet().stream().sorted().toList());
      seqsBySub.values().forEach(seqs -> assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs));
      client.assertNextIsPong();
    }
    assertEquals(CLIENTS * SUBS_PER_CLIENT * (PROGRESS_PER_JOB + 1), frontend.stats().deliveries());
  }
}
