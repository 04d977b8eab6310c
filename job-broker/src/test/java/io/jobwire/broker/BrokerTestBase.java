package io.jobwire.broker;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.RedisPerClass;
import io.jobwire.queue.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * What the broker's tests share: one real Redis per test class, emptied before each test; per test
 * a clock standing still, a queue on it, and the brokers and fake workers the test starts, closed
 * after it in reverse order. A subclass's own {@code @BeforeEach} runs after this one's.
 */
abstract class BrokerTestBase {
  /** Where the default namespace's keys live. */
  static final String P = "jobwire:{main}:";

  @RegisterExtension static final RedisPerClass redis = RedisPerClass.emptiedBeforeEach();
  static RedisClient raw;

  final TestClock clock = TestClock.standingStill();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  JobQueue queue;

  @BeforeAll
  static void startRedis() {
    raw = redis.raw();
  }

  @BeforeEach
  void emptyRedis() {
    queue = closeLater(JobQueue.redis(queueConfig()));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeLater.reversed()) {
      c.close();
    }
  }

  /** Closed after the test, before what was registered earlier. */
  <T extends AutoCloseable> T closeLater(T closeable) {
    closeLater.add(closeable);
    return closeable;
  }

  QueueConfig queueConfig() {
    return QueueConfig.builder().redisUri(redis.uri()).clock(clock).build();
  }

  /** A broker on a free port of this Redis and clock; tests add their own settings. */
  BrokerConfig.Builder brokerConfig() {
    return BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).clock(clock);
  }

  Broker broker() {
    return broker(brokerConfig());
  }

  Broker broker(BrokerConfig.Builder config) {
    return closeLater(Broker.start(config.build()));
  }

  FakeWorker worker(String name, Broker to) {
    return closeLater(new FakeWorker(name, to.endpoint()));
  }
}
