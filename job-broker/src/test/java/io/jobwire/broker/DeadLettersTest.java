package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.DeadLetter;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest extends BrokerTestBase {
  DeadLetters dead;
  Broker broker;
  FakeWorker worker;

  @BeforeEach
  void start() {
    dead = closeLater(DeadLetters.redis(queueConfig()));
    broker = broker();
    worker = worker("w1", broker).ready(4, "t");
  }

  /** Enqueues a job and has the worker fail it for good. */
  String deadJob() {
    String id = queue.enqueue(JobRequest.of("t", BrokerTest.json("{\"n\":1}")).withMaxAttempts(2));
    assertEquals(id, worker.nextJob().id());
    worker.fail(id, false);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(id).orElseThrow().state() == JobState.DEAD);
    return id;
  }

  @Test
  void lists_dead_letters_newest_first_with_topic_attempts_and_last_error() {
    String first = deadJob();
    clock.advance(Duration.ofSeconds(1));
    String second = deadJob();

    List<DeadLetter> letters = dead.list(10);

    assertEquals(List.of(second, first), letters.stream().map(DeadLetter::job).toList());
    DeadLetter letter = letters.get(0);
    assertEquals("t", letter.topic());
    assertEquals(1, letter.attempts());
    assertEquals(2, letter.maxAttempts());
    assertEquals("boom", letter.error().code());
    assertEquals("it broke", letter.error().message());
    assertEquals(BrokerTest.json("{\"n\":1}"), letter.params());
    assertEquals(clock.millis(), letter.diedAt());
    assertEquals(2, dead.count());
  }

  @Test
  void retry_puts_a_dead_letter_back_on_the_queue_with_its_attempts_reset() {
    String id = deadJob();

    assertTrue(dead.retry(id));

    Job again = worker.nextJob();
    assertEquals(id, again.id());
    assertEquals(1, again.attempt());
    assertEquals(0, dead.count());
    assertEquals(-1, raw.pttl(Layout.job(id)), "a retried job keeps its record");
    assertFalse(dead.retry(id), "it is no dead letter any more");
  }

  @Test
  void purge_deletes_every_dead_letter_and_its_record() {
    String id = deadJob();
    deadJob();

    assertEquals(2, dead.purge());

    assertEquals(0, dead.count());
    assertEquals(List.of(), dead.list(10));
    assertTrue(queue.status(id).isEmpty());
    assertEquals(0, raw.zcard(Layout.of(id).dead()));
  }
}
