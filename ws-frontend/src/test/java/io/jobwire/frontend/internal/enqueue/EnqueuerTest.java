package io.jobwire.frontend.internal.enqueue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class EnqueuerTest {

  /** Queues nothing anywhere: answers each request with an id made of its topic. */
  private static final class IdsOnly implements JobQueue {
    @Override
    public List<String> enqueue(List<JobRequest> requests) {
      List<String> ids = new ArrayList<>();
      requests.forEach(request -> ids.add("j-" + request.topic()));
      return ids;
    }

    @Override
    public Optional<JobStatus> status(String jobId) {
      return Optional.empty();
    }

    @Override
    public boolean cancel(String jobId) {
      return false;
    }

    @Override
    public void close() {}
  }

  @Test
  void every_client_of_a_batch_hears_queued_when_answering_one_of_them_throws() {
    Map<String, String> answered = new ConcurrentHashMap<>();
    Enqueuer.Outcome outcome =
        new Enqueuer.Outcome() {
          @Override
          public void queued(Enqueuer.Pending pending, String job) {
            if (pending.request().topic().equals("b")) {
              throw new IllegalStateException("a bug in one answer");
            }
            answered.put(pending.request().topic(), job);
          }

          @Override
          public void failed(Enqueuer.Pending pending, RuntimeException cause) {
            answered.put(pending.request().topic(), "failed");
          }

          @Override
          public boolean isLive(Enqueuer.Pending pending) {
            return true;
          }
        };
    PendingQueue waiting = new PendingQueue();
    try (Enqueuer enqueuer = new Enqueuer(new IdsOnly(), waiting, outcome)) {
      for (String topic : List.of("a", "b", "c", "d")) {
        waiting.submit(new Enqueuer.Pending(null, JobRequest.of(topic, null)));
      }
      enqueuer.start(); // all four wait: one batch
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertEquals(Map.of("a", "j-a", "c", "j-c", "d", "j-d"), answered));
    }
  }
}
