package io.jobwire.worker.testing;

import static org.awaitility.Awaitility.await;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker under test between a {@link FakeBroker} and a {@link FakeFrontend}: the test plays the
 * broker and the front end over real sockets.
 */
public final class WorkerHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);

  public final FakeBroker broker = FakeBroker.start();
  public final FakeFrontend frontend = FakeFrontend.start();
  private final Map<String, Integer> finishesTaken = new ConcurrentHashMap<>();
  private Worker worker;

  /**
   * Points {@code builder} at the fake broker, starts the worker and waits for its {@code ready}.
   */
  public Worker start(Worker.Builder builder) {
    worker = builder.broker(broker.endpoint()).build();
    worker.start();
    await().atMost(WAIT).until(() -> !broker.received(WorkerMessage.Ready.class).isEmpty());
    return worker;
  }

  public Worker worker() {
    return worker;
  }

  /** Assigns a job whose results go to the fake front end. */
  public void send(String job, String topic, Map<String, ?> params) {
    broker.send(TestJobs.job(job, topic, params, frontend.endpoint()));
  }

  public void send(BrokerMessage message) {
    broker.send(message);
  }

  /** Waits for the job's {@code done}; fails the test when it gets {@code fail} instead. */
  public FakeBroker.Received awaitDone(String job) {
    return awaitFinish(job, WorkerMessage.Done.class);
  }

  public WorkerMessage.Fail awaitFail(String job) {
    return (WorkerMessage.Fail) awaitFinish(job, WorkerMessage.Fail.class).message();
  }

  /**
   * Waits for the job's next {@code done} or {@code fail}: each call takes the one after those that
   * earlier calls took, so a job run twice (a retry) is judged by its second end.
   */
  private FakeBroker.Received awaitFinish(String job, Class<? extends WorkerMessage> expected) {
    int taken = finishesTaken.getOrDefault(job, 0);
    FakeBroker.Received finish =
        await().atMost(WAIT).until(() -> broker.finishes(job), f -> f.size() > taken).get(taken);
    finishesTaken.put(job, taken + 1);
    if (!expected.isInstance(finish.message())) {
      throw new AssertionError(
          "expected "
              + expected.getSimpleName()
              + " for job "
              + job
              + " but got "
              + finish.message());
    }
    return finish;
  }

  /** The {@code result} pushed for {@code job}; waits for it. */
  public IngressMessage.Result awaitResult(String job) {
    return (IngressMessage.Result)
        await().atMost(WAIT).until(() -> frontend.firstResult(job), r -> r != null).message();
  }

  public List<IngressMessage.Routed> pushed(String job) {
    return frontend.messagesFor(job);
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    frontend.close();
    broker.close();
  }
}
