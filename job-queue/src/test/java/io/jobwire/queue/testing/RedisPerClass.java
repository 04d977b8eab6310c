package io.jobwire.queue.testing;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

/**
 * One real Redis ({@link TestRedis}) per test class, with a plain client on it for assertions, both
 * closed after the class. Register it on a static field; it starts before the class's own
 * {@code @BeforeAll} methods and stops after its {@code @AfterAll} ones:
 *
 * <pre>
 * &#64;RegisterExtension static final RedisPerClass redis = RedisPerClass.emptiedBeforeEach();
 * </pre>
 */
public final class RedisPerClass
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final boolean emptiedBeforeEach;
  private TestRedis server;
  private RedisClient raw;

  private RedisPerClass(boolean emptiedBeforeEach) {
    this.emptiedBeforeEach = emptiedBeforeEach;
  }

  /** A Redis the class's tests share as they leave it. */
  public static RedisPerClass shared() {
    return new RedisPerClass(false);
  }

  /** A Redis emptied ({@code FLUSHALL}) before each test. */
  public static RedisPerClass emptiedBeforeEach() {
    return new RedisPerClass(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestRedis.start();
    raw = RedisClient.create(URI.create(server.uri()));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emptiedBeforeEach) {
      raw.flushAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    raw.close();
    server.close();
  }

  public String uri() {
    return server.uri();
  }

  public int port() {
    return server.port();
  }

  /** A client for the test's own reads and writes. */
  public RedisClient raw() {
    return raw;
  }

  /** Kills the server (see {@link TestRedis#stop()}). */
  public void stop() {
    server.stop();
  }

  /** Starts the server again on its port (see {@link TestRedis#restart()}). */
  public void restart() {
    server.restart();
  }
}
