package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobPriority;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.TokenStore;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.testing.TestClock;
import io.jobwire.queue.testing.TestRedis;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Every key jobwire touches carries a hash tag: a topic's keys their topic's ({@code {NS#TAG}}),
 * the rest the namespace's ({@code {NS}}); every key one script call touches lies in one slot, and
 * different topics' keys carry different tags, so a Redis Cluster spreads the topics over its
 * masters and every script stays atomic on one. Checked twice: on the names {@link RedisKeys}
 * makes, and on every command Redis actually runs (scripts' own calls included, seen through {@code
 * MONITOR}) during the whole lives of jobs of two topics.
 */
class HashTagTest {
  static final String NS = "tagged";
  static final String PREFIX = "jobwire:{" + NS + "}:";

  /** Any key of the namespace: its own keys and its topics' ({NS#TAG}). */
  static final Pattern TAGGED = Pattern.compile("jobwire:\\{" + NS + "(#\\d+)?}:.*");

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

  static final Pattern ENTRY = Pattern.compile("\\[\\d+ ([^\\]]+)\\] (.*)$");
  static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"");

  @Test
  void every_key_that_redis_keys_names_carries_its_namespace_or_topic_tag() throws Exception {
    RedisKeys keys = new RedisKeys(NS);
    int checked = check(keys, RedisKeys.class, JedisClusterCRC16.getSlot(PREFIX + "tags"), PREFIX);
    RedisKeys.TopicKeys one = keys.topic("1");
    RedisKeys.TopicKeys two = keys.topic("2");
    int slot = JedisClusterCRC16.getSlot(one.queue());
    checked += check(one, RedisKeys.TopicKeys.class, slot, "jobwire:{" + NS + "#1}:");
    for (String key : one.all()) {
      assertEquals(slot, JedisClusterCRC16.getSlot(key), key);
    }
    assertEquals(slot, JedisClusterCRC16.getSlot(keys.job("j1-x{y}z")), "a job id names its topic");
    assertNotEquals(slot, JedisClusterCRC16.getSlot(two.queue()), "another topic, another slot");
    assertNotEquals(
        JedisClusterCRC16.getSlot(PREFIX + "tags"), slot, "a topic's slot is not the namespace's");
    assertTrue(checked >= 16, "only " + checked + " key methods found");
    assertTrue(glob(keys.jobPattern()).matcher(two.job("j2-x")).matches(), keys.jobPattern());
    assertTrue(
        glob(keys.subscriptionPattern()).matcher(keys.subscriptionHistory("s")).matches(),
        keys.subscriptionPattern());
  }

  /** A SCAN pattern with {@code *} only, as a regex. */
  private static Pattern glob(String pattern) {
    return Pattern.compile(
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .reduce((x, y) -> x + ".*" + y)
            .orElseThrow());
  }

  /** Calls every String method of {@code target} with String arguments; returns how many. */
  private static int check(Object target, Class<?> type, int slot, String prefix) throws Exception {
    int checked = 0;
    for (Method method : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers())
          || Modifier.isStatic(method.getModifiers())
          || method.getReturnType() != String.class
          || method.getName().equals("prefix")
          || method.getName().equals("toString")
          || method.getName().endsWith("Pattern") // SCAN patterns, not keys: checked above
          || !Arrays.stream(method.getParameterTypes()).allMatch(t -> t == String.class)) {
        continue;
      }
      Object[] args = new Object[method.getParameterCount()];
      Arrays.fill(args, "x{y}z"); // braces in an id must not move the key to another slot
      if (method.getName().equals("job") && type == RedisKeys.class) {
        continue; // its slot is its topic's: checked above
      }
      String key = (String) method.invoke(target, args);
      assertTrue(key.startsWith(prefix), method.getName() + " -> " + key);
      assertEquals(slot, JedisClusterCRC16.getSlot(key), method.getName() + " -> " + key);
      checked++;
    }
    return checked;
  }

  @Test
  void every_script_call_of_a_jobs_whole_life_stays_in_one_slot() throws Exception {
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
    List<String> spread = new ArrayList<>();
    Set<String> topicTags = new TreeSet<>();
    int keysSeen = 0;
    int scripts = 0;
    List<String> call = new ArrayList<>(); // the keys of the script call being read
    for (String line : commands) {
      boolean inScript = isScriptLine(line);
      if (!inScript) {
        checkOneSlot(call, spread);
        call.clear();
      }
      for (String key : keysOf(line)) {
        keysSeen++;
        if (!TAGGED.matcher(key).matches()) {
          untagged.add(line);
        }
        Matcher tag = TAGGED.matcher(key);
        if (tag.matches() && tag.group(1) != null) {
          topicTags.add(tag.group(1));
        }
        if (inScript || isEval(line)) {
          call.add(key);
        }
      }
      scripts += isEval(line) ? 1 : 0;
    }
    checkOneSlot(call, spread);
    assertTrue(
        keysSeen > 100, "saw only " + keysSeen + " keys in " + commands.size() + " commands");
    assertTrue(scripts > 20, "saw only " + scripts + " script calls");
    assertEquals(List.of(), untagged);
    assertEquals(List.of(), spread, "script calls whose keys lie in several slots");
    assertEquals(Set.of("#1", "#2"), topicTags, "two topics, two tags");
  }

  private static boolean isEval(String line) {
    String upper = line.toUpperCase();
    return upper.contains("] \"EVALSHA\"") || upper.contains("] \"EVAL\"");
  }

  private static boolean isScriptLine(String line) {
    Matcher entry = ENTRY.matcher(line);
    return entry.find() && entry.group(1).equals("lua");
  }

  private static void checkOneSlot(List<String> keys, List<String> spread) {
    if (keys.stream().map(JedisClusterCRC16::getSlot).distinct().count() > 1) {
      spread.add(String.join(" ", keys));
    }
  }

  private static boolean monitorIsOn(TestRedis redis, List<String> commands) {
    try (var probe = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
      probe.echo("monitor-probe");
    }
    return commands.stream().anyMatch(c -> c.contains("monitor-probe"));
  }

  /**
   * Enqueue (plain, unique, delayed, deadline), flow limits, pause, a cancel's notice, a schedule,
   * a batch, claim, heartbeat, done, fail, dead, retry, ...
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
        var worker = new FakeWorker("w", broker.endpoint()).ready(1, "t", "u")) {
      tokens.consume(tokens.issue("alice", Duration.ofSeconds(30)));
      String first = queue.enqueue(JobRequest.of("t", null).withUnique("k"));
      queue.enqueue(JobRequest.of("t", null).withUnique("k"));
      Job job = worker.nextJob();
      worker.heartbeat(job.id()).done(job.id());
      await().atMost(WAIT).until(() -> state(queue, first) == JobState.SUCCEEDED);
      String other = queue.enqueue(JobRequest.of("u", null).withPriority(JobPriority.HIGH));
      worker.done(worker.nextJob().id());
      await().atMost(WAIT).until(() -> state(queue, other) == JobState.SUCCEEDED);

      flow.set("t", new FlowLimits(1, 1, 100, Duration.ofSeconds(1))); // every limit's keys
      String limited = queue.enqueue(JobRequest.of("t", null).withUser("alice"));
      worker.done(worker.nextJob().id());
      await().atMost(WAIT).until(() -> state(queue, limited) == JobState.SUCCEEDED);
      assertEquals(0, flow.limited().get("t").running());
      flow.set("t", FlowLimits.NONE);

      // pause, a told cancel's notice, a schedule's guard and index, a batch over both topics
      assertTrue(queue.pause("u"));
      assertEquals(Set.of("u"), queue.paused());
      var route = Codec.mapper().createObjectNode().put("sub", "s-1");
      String told = queue.enqueue(JobRequest.of("u", null).withReply("tcp://127.0.0.1:9", route));
      assertTrue(queue.cancel(told, true));
      assertTrue(queue.resume("u"));
      try (Schedules schedules = Schedules.redis(config)) {
        schedules.put(Schedule.every("hourly", "u", Duration.ofHours(1)));
        String run = schedules.runNow("hourly").orElseThrow();
        worker.done(worker.nextJob().id());
        await().atMost(WAIT).until(() -> state(queue, run) == JobState.SUCCEEDED);
        assertTrue(schedules.remove("hourly"));
      }
      BatchReceipt batch =
          queue.enqueueBatch(
              BatchRequest.builder()
                  .add(JobRequest.of("t", null))
                  .add(JobRequest.of("u", null))
                  .callback(JobRequest.of("t", null))
                  .build());
      for (int i = 0; i < 3; i++) {
        worker.done(worker.nextJob().id());
      }
      await()
          .atMost(WAIT)
          .until(
              () -> "succeeded".equals(queue.batch(batch.batch()).orElseThrow().callbackState()));

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
    Matcher quoted = QUOTED.matcher(entry.group(2));
    while (quoted.find()) {
      args.add(quoted.group(1));
    }
    if (args.isEmpty()) {
      return List.of();
    }
    String command = args.get(0).toUpperCase();
    // a PUBLISH names a channel, no key: channels are not in slots (checked as tagged names only)
    boolean publish = command.equals("PUBLISH");
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
    if (publish && entry.group(1).equals("lua")) {
      return List.of(); // a channel: in no slot
    }
    return List.of(args.get(1));
  }
}
