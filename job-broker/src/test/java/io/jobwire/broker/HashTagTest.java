package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.internal.RedisKeys;
import io.jobwire.broker.testing.TestClock;
import io.jobwire.broker.testing.TestRedis;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Every key jobwire touches carries the namespace's hash tag {@code {NS}}, so a namespace lives in
 * one Redis Cluster slot and every Lua script stays atomic there. Checked twice: on the names
 * {@link RedisKeys} makes, and on every command Redis actually runs (scripts' own calls included,
 * seen through {@code MONITOR}) during a job's whole life.
 */
class HashTagTest {
  static final String NS = "tagged";
  static final String PREFIX = "jobwire:{" + NS + "}:";
  static final Duration WAIT = Duration.ofSeconds(10);

  /** Commands without keys; every other command's first argument is a key or a channel. */
  static final Set<String> KEYLESS =
      Set.of(
          "PING",
          "INFO",
          "SCRIPT",
          "CLIENT",
          "HELLO",
          "SELECT",
          "AUTH",
          "MULTI",
          "EXEC",
          "MONITOR",
          "FLUSHALL",
          "FLUSHDB",
          "CLUSTER",
          "COMMAND",
          "WAIT",
          "ECHO",
          "TIME",
          "DBSIZE",
          "UNSUBSCRIBE",
          "PUNSUBSCRIBE",
          "QUIT",
          "RESET",
          "SENTINEL",
          "CONFIG");

  static final Pattern ENTRY = Pattern.compile("\\[\\d+ [^\\]]+\\] (.*)$");
  static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"");

  @Test
  void every_key_that_redis_keys_names_carries_the_namespace_tag() throws Exception {
    RedisKeys keys = new RedisKeys(NS);
    int slot = JedisClusterCRC16.getSlot(PREFIX + "seq");
    int checked = 0;
    for (Method method : RedisKeys.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers())
          || Modifier.isStatic(method.getModifiers())
          || method.getReturnType() != String.class
          || !Arrays.stream(method.getParameterTypes()).allMatch(t -> t == String.class)) {
        continue;
      }
      Object[] args = new Object[method.getParameterCount()];
      Arrays.fill(args, "x{y}z"); // braces in an id or topic must not move the key to another slot
      String key = (String) method.invoke(keys, args);
      assertTrue(key.startsWith(PREFIX), method.getName() + " -> " + key);
      assertEquals(slot, JedisClusterCRC16.getSlot(key), method.getName() + " -> " + key);
      checked++;
    }
    assertTrue(checked >= 8, "only " + checked + " key methods found");
  }

  @Test
  void every_command_of_a_jobs_whole_life_touches_only_tagged_keys() throws Exception {
    var clock = TestClock.standingStill();
    List<String> commands = new CopyOnWriteArrayList<>();
    try (var redis = TestRedis.start();
        var monitor = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
      Thread watcher =
          Thread.ofPlatform()
              .daemon(true)
              .start(
                  () -> {
                    try {
                      monitor.monitor(
                          new JedisMonitor() {
                            @Override
                            public void onCommand(String command) {
                              commands.add(command);
                            }
                          });
                    } catch (RuntimeException e) {
                      // the connection closes at the end of the test
                    }
                  });
      await().atMost(WAIT).until(() -> monitorIsOn(redis, commands));
      commands.clear();

      liveAJobsWholeLife(redis, clock);

      monitor.getClient().disconnect();
      watcher.join(2000);
    }
    List<String> untagged = new ArrayList<>();
    int keysSeen = 0;
    for (String line : commands) {
      for (String key : keysOf(line)) {
        keysSeen++;
        if (!key.startsWith(PREFIX)) {
          untagged.add(line);
        }
      }
    }
    assertTrue(
        keysSeen > 100, "saw only " + keysSeen + " keys in " + commands.size() + " commands");
    assertEquals(List.of(), untagged);
  }

  private static boolean monitorIsOn(TestRedis redis, List<String> commands) {
    try (var probe = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
      probe.echo("monitor-probe");
    }
    return commands.stream().anyMatch(c -> c.contains("monitor-probe"));
  }

  /**
   * Enqueue (plain, unique, delayed, deadline), flow limits, claim, heartbeat, done, fail, dead,
   * retry, ...
   */
  private static void liveAJobsWholeLife(TestRedis redis, TestClock clock) {
    QueueConfig config =
        QueueConfig.builder().redisUri(redis.uri()).namespace(NS).clock(clock).build();
    try (JobQueue queue = JobQueue.redis(config);
        DeadLetters dead = DeadLetters.redis(config);
        TokenStore tokens = TokenStore.redis(config);
        Monitor monitor = Monitor.redis(config);
        FlowControl flow = FlowControl.redis(config);
        Broker broker =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(redis.uri())
                    .namespace(NS)
                    .defaultMaxAttempts(1)
                    .clock(clock)
                    .build());
        var worker = new FakeWorker("w", broker.endpoint()).ready(1, "t")) {
      tokens.consume(tokens.issue("alice", Duration.ofSeconds(30)));
      String first = queue.enqueue(JobRequest.of("t", null).withUnique("k"));
      queue.enqueue(JobRequest.of("t", null).withUnique("k"));
      Job job = worker.nextJob();
      worker.heartbeat(job.id()).done(job.id());
      await().atMost(WAIT).until(() -> state(queue, first) == JobState.SUCCEEDED);

      flow.set("t", new FlowLimits(1, 1, 100, Duration.ofSeconds(1))); // every limit's keys
      String limited = queue.enqueue(JobRequest.of("t", null).withUser("alice"));
      worker.done(worker.nextJob().id());
      await().atMost(WAIT).until(() -> state(queue, limited) == JobState.SUCCEEDED);
      assertEquals(0, flow.limited().get("t").running());
      flow.set("t", FlowLimits.NONE);

      String failing =
          queue.enqueue(JobRequest.of("t", null).withDeadline(clock.millis() + 60_000));
      worker.nextJob();
      worker.fail(failing, false);
      await().atMost(WAIT).until(() -> state(queue, failing) == JobState.DEAD);
      assertFalse(dead.list(10).isEmpty());
      assertTrue(dead.retry(failing));
      Job again = worker.nextJob();
      queue.cancel(again.id());
      assertEquals("cancel", worker.next(WAIT).path("type").asText());
      worker.heartbeat();
      await().atMost(WAIT).until(() -> state(queue, failing) == JobState.CANCELLED);

      String later = queue.enqueue(JobRequest.of("t", null).withRunAt(clock.millis() + 1000));
      clock.advance(Duration.ofSeconds(2));
      broker.runDueWork();
      worker.heartbeat();
      assertEquals(later, worker.nextJob().id());
      worker.bye(); // requeues what it ran
      await().atMost(WAIT).until(() -> state(queue, later) == JobState.DEAD);
      monitor.snapshot();
      dead.purge();
    }
  }

  static JobState state(JobQueue queue, String id) {
    return queue.status(id).map(JobStatus::state).orElse(null);
  }

  /** The keys (or channels) a MONITOR line names; EVAL/EVALSHA name theirs after numkeys. */
  static List<String> keysOf(String line) {
    Matcher entry = ENTRY.matcher(line);
    if (!entry.find()) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(entry.group(1));
    while (quoted.find()) {
      args.add(quoted.group(1));
    }
    if (args.isEmpty()) {
      return List.of();
    }
    String command = args.get(0).toUpperCase();
    if (KEYLESS.contains(command) || args.size() < 2) {
      return List.of();
    }
    if (command.equals("EVAL") || command.equals("EVALSHA")) {
      int count = Integer.parseInt(args.get(2));
      return args.subList(3, 3 + count);
    }
    if (command.equals("SUBSCRIBE") || command.equals("PSUBSCRIBE")) {
      return args.subList(1, args.size());
    }
    return List.of(args.get(1));
  }
}
