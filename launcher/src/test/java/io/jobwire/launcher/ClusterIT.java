package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cluster.ClusterNode;
import io.jobwire.launcher.cluster.JobRuns;
import io.jobwire.launcher.cluster.LocalCluster;
import io.jobwire.protocol.Codec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The multi-machine layout of docs/deployment.md on one machine: 1 Redis, 2 brokers, 2 front ends,
 * 2 worker pools, each a separate process of the runnable jar on its own loopback address (front
 * ends 127.0.0.2 and .3, brokers .4 and .5). Prints its figures as {@code [cluster]} lines.
 */
class ClusterIT {
  static final int JOBS_PER_FRONTEND = 200;
  static final int PER_CLIENT = 100;
  static final int INTERVAL_MS = 150;
  static final int CAPACITY = 8;
  static final Duration WAIT = Duration.ofSeconds(120);

  /** 2 front ends' clients subscribe as fast as they can: lift the flood limits. */
  static final String[] NO_FLOOD_LIMITS = {
    "--topics",
    "ping",
    "--subscribe-rate",
    "100000",
    "--subscribe-rate-per-user",
    "100000",
    "--max-subscriptions",
    "1000"
  };

  private LocalCluster cluster;
  private final List<Subscribers> subscribers = new ArrayList<>();
  private final List<String> report = new ArrayList<>();

  @AfterEach
  void stop() {
    report.forEach(line -> System.out.println("[cluster] " + line));
    subscribers.forEach(Subscribers::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kill9_of_a_broker_mid_load_loses_no_job_and_runs_none_twice_at_once() throws Exception {
    cluster = LocalCluster.twoOfEach("kill9-broker", CAPACITY, NO_FLOOD_LIMITS);
    for (String fe : List.of("fe1", "fe2")) {
      subscribers.add(
          Subscribers.subscribe(
              cluster.node(fe).wsUrl(), JOBS_PER_FRONTEND, PER_CLIENT, INTERVAL_MS));
    }
    int jobs = 2 * JOBS_PER_FRONTEND;
    await().atMost(WAIT).until(() -> subscribed() == jobs);
    await().atMost(WAIT).until(() -> finished() >= jobs / 4);

    List<String> onVictim;
    try (var redis = new JobsInRedis(cluster.redisUri())) {
      onVictim = redis.running(null); // the pools' jobs, whichever broker handed them out
    }
    long finishedBefore = finished();
    long killed = System.nanoTime();
    cluster.kill9("b1");

    awaitShown(onVictim);
    long victimsShown = millisSince(killed);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertEquals(jobs, finished(), "subscriptions with a result"));
    long allShown = millisSince(killed);

    int[] duplicatesShown = {0};
    List<String> broken = new ArrayList<>();
    List<JsonNode> errors = new ArrayList<>();
    for (Subscribers s : subscribers) {
      broken.addAll(s.violations(duplicatesShown));
      errors.addAll(s.errors);
    }
    JobRuns runs = JobRuns.read(List.of(log("p1"), log("p2")));
    Set<String> ids =
        subscribers.stream()
            .flatMap(s -> s.all().stream())
            .map(s -> s.job)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    long extraAttempts;
    try (var redis = new JobsInRedis(cluster.redisUri())) {
      extraAttempts = redis.extraExecutions(ids);
    }
    List<String> overlaps = runs.overlaps();
    report.add("===== kill -9 of broker b1 mid-load (2 front ends, 2 brokers, 2 pools) =====");
    report.add("jobs subscribed (200 per front end)     %d".formatted(jobs));
    report.add("results shown before the kill           %d".formatted(finishedBefore));
    report.add("jobs running at the kill                %d".formatted(onVictim.size()));
    report.add("results shown in the end                %d".formatted(finished()));
    report.add("jobs lost                               %d".formatted(jobs - finished()));
    report.add("broken subscriptions (gap, dup, error)  %d".formatted(broken.size()));
    report.add("duplicates shown                        %d".formatted(duplicatesShown[0]));
    report.add(
        "re-runs (pool logs / Redis attempts)    %d / %d".formatted(runs.reruns(), extraAttempts));
    report.add("runs of one job at the same time        %d".formatted(overlaps.size()));
    report.add("kill -> those running jobs all shown    %d ms".formatted(victimsShown));
    report.add("kill -> every job shown                 %d ms".formatted(allShown));
    report.add("longest time without a result after it  %d ms".formatted(longestPause(killed)));

    assertEquals(List.of(), broken.stream().limit(10).toList());
    assertEquals(List.of(), errors);
    assertEquals(0, duplicatesShown[0]);
    assertEquals(List.of(), overlaps);
    assertEquals(ids.size(), runs.jobs(), "jobs the pools' logs show started");

    // as systemd would: the broker comes back on its address and its pool joins it again
    cluster.restart("b1");
    cluster.awaitReady("p1");
  }

  /**
   * Jobs of 9 s, longer than the 5 s lease: when their broker dies, their pool keeps running them
   * while the lease lapses and the other broker hands them to its pool.
   */
  @Test
  void kill9_of_a_broker_under_jobs_longer_than_the_lease_runs_none_twice_at_once()
      throws Exception {
    cluster = LocalCluster.twoOfEach("kill9-broker-long-jobs", 4, NO_FLOOD_LIMITS);
    try (var client = ResumingClient.connect(cluster.node("fe1").wsUrl());
        var redis = new JobsInRedis(cluster.redisUri())) {
      for (int i = 0; i < 6; i++) {
        client.subscribe(9, 1000);
      }
      await().atMost(WAIT).until(() -> redis.running(null).size() == 6);
      String victim = "b1";
      cluster.kill9(victim);
      await().atMost(WAIT).until(client::allDone);

      int[] duplicatesShown = {0};
      List<String> broken = client.violations(duplicatesShown);
      JobRuns runs = JobRuns.read(List.of(log("p1"), log("p2")));
      report.add("===== kill -9 of broker %s under 9 s jobs (lease 5 s) =====".formatted(victim));
      report.add(
          "broken subscriptions, duplicates shown  %d, %d"
              .formatted(broken.size(), duplicatesShown[0]));
      report.add(
          "re-runs, runs of one job at once        %d, %d"
              .formatted(runs.reruns(), runs.overlaps().size()));
      assertEquals(List.of(), broken);
      assertEquals(List.of(), runs.overlaps());
    }
  }

  @Test
  void status_lists_every_front_end_broker_and_worker_of_the_cluster() throws Exception {
    cluster = LocalCluster.twoOfEach("status", CAPACITY, NO_FLOOD_LIMITS);
    String b1 = cluster.node("b1").zmqEndpoint();
    String b2 = cluster.node("b2").zmqEndpoint();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String text = status();
              for (String expected : List.of("fe1", "fe2", b1, b2)) {
                assertTrue(text.contains(expected), expected + " missing in\n" + text);
              }
              for (String pool : List.of("p1", "p2")) { // on one of its brokers, topics last
                assertTrue(
                    row(pool + " .* (" + quote(b1) + "|" + quote(b2) + ") +\\S+$")
                        .matcher(text)
                        .find(),
                    pool + " in\n" + text);
              }
              for (String broker : List.of(b1, b2)) { // each with both pools
                assertTrue(
                    row(quote(broker) + " +2 ").matcher(text).find(), broker + " in\n" + text);
              }
            });
    // the dashboard of either front end shows the whole cluster too
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode dashboard =
                  Codec.parse(get(cluster.node("fe2").httpBase() + "/dashboard/snapshot"));
              assertEquals(Set.of("fe1", "fe2"), ids(dashboard.path("frontends"), "id"));
              assertEquals(Set.of(b1, b2), ids(dashboard.path("brokers"), "endpoint"));
              assertEquals(Set.of("p1", "p2"), ids(dashboard.path("workers"), "id"));
            });
    report.add("===== jobwire status of the cluster =====\n" + status());
  }

  /** A line of {@code jobwire status} that matches {@code regex} from its start. */
  private static Pattern row(String regex) {
    return Pattern.compile("(?m)^" + regex);
  }

  private static String quote(String text) {
    return Pattern.quote(text);
  }

  private String status() {
    return CliRun.ok("status", "--redis", cluster.redisUri());
  }

  private static String get(String url) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static Set<String> ids(JsonNode array, String field) {
    Set<String> found = new java.util.TreeSet<>();
    array.forEach(n -> found.add(n.path(field).asText()));
    return found;
  }

  private java.nio.file.Path log(String node) {
    ClusterNode n = cluster.node(node);
    return n.log();
  }

  private int subscribed() {
    return subscribers.stream().mapToInt(Subscribers::subscribed).sum();
  }

  private long finished() {
    return subscribers.stream().mapToLong(Subscribers::finished).sum();
  }

  /** Waits until every one of these jobs showed its result to its subscriber. */
  private void awaitShown(List<String> jobIds) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                jobIds.stream()
                    .allMatch(
                        id ->
                            subscribers.stream()
                                .map(s -> s.ofJob(id))
                                .anyMatch(s -> s != null && s.done())));
  }

  /** The longest stretch after {@code since} (nanoTime) in which no subscription got its result. */
  private long longestPause(long since) {
    long[] times =
        subscribers.stream()
            .flatMap(s -> s.all().stream())
            .mapToLong(s -> s.resultAtNanos)
            .filter(t -> t >= since)
            .sorted()
            .toArray();
    long longest = 0;
    long previous = since;
    for (long t : times) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return longest / 1_000_000;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
