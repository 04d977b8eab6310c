package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cluster.JobRuns;
import io.jobwire.launcher.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients on both front ends of the two-of-each cluster ({@link LocalCluster#twoOfEach}): what
 * several front ends on one Redis must look like to a client. Prints its figures as {@code
 * [cluster]} lines.
 */
class ClusterFrontendsIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String[] NO_FLOOD_LIMITS = ClusterIT.NO_FLOOD_LIMITS;

  private LocalCluster cluster;
  private final List<ResumingClient> clients = new ArrayList<>();
  private final List<String> report = new ArrayList<>();

  @AfterEach
  void stop() {
    report.forEach(line -> System.out.println("[cluster] " + line));
    clients.forEach(ResumingClient::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clients_on_both_front_ends_get_every_published_message_and_shared_result_once()
      throws Exception {
    Path topics =
        Files.writeString(
            Path.of("target", "cluster-shared-topics.json").toAbsolutePath(),
            "{\"ping\": {\"shared\": true}}");
    String[] args = {"--topics-file", topics.toString()};
    String[] feArgs =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(NO_FLOOD_LIMITS), java.util.stream.Stream.of(args))
            .toArray(String[]::new);
    cluster = LocalCluster.twoOfEach("publish-shared", ClusterIT.CAPACITY, feArgs);
    for (String fe : List.of("fe1", "fe1", "fe1", "fe2", "fe2", "fe2")) {
      ResumingClient client = ResumingClient.connect(cluster.node(fe).wsUrl());
      clients.add(client);
      client.subscribe(4, 1000); // equal params: one shared job for everyone
    }
    await().atMost(WAIT).until(() -> clients.stream().allMatch(ResumingClient::allSubscribed));

    CliRun run =
        CliRun.jobwire(
            "push",
            "--to",
            cluster.node("fe1").zmqEndpoint(),
            "--topic",
            "ping",
            "--data",
            "{\"n\":1}");
    assertEquals(0, run.exit(), run::output);
    awaitAllDone();

    List<String> wrong = new ArrayList<>();
    for (ResumingClient client : clients) {
      for (ResumingClient.Sub sub : client.subs()) {
        String problem = sharedProblem(sub.frames);
        if (problem != null) {
          wrong.add("sub=" + sub.id + ": " + problem + " in " + sub.frames);
        }
      }
    }
    JobRuns runs = JobRuns.read(List.of(cluster.node("p1").log(), cluster.node("p2").log()));
    report.add("===== publish and a shared topic across 2 front ends =====");
    report.add("subscriptions (3 on each front end)     %d".formatted(clients.size()));
    report.add("subscriptions shown something wrong     %d".formatted(wrong.size()));
    report.add("runs of the shared job                  %d".formatted(runs.jobs() + runs.reruns()));
    assertEquals(List.of(), wrong);
    assertEquals(1, runs.jobs(), "one shared job for the subscribers of both front ends");
  }

  /** Waits until every subscription has its result; fails at once on an error frame. */
  private void awaitAllDone() {
    await()
        .atMost(WAIT)
        .conditionEvaluationListener(
            condition -> {
              if (condition.getRemainingTimeInMS() <= condition.getPollInterval().toMillis()) {
                clients.stream() // the last look before the timeout: say which are missing
                    .flatMap(c -> c.subs().stream())
                    .filter(sub -> !sub.done())
                    .limit(5)
                    .forEach(
                        sub ->
                            System.out.println(
                                "[cluster] unfinished sub=" + sub.id + " " + sub.frames));
              }
            })
        .until(
            () -> {
              for (ResumingClient client : clients) {
                if (!client.errors.isEmpty()) {
                  throw new IllegalStateException("error frames: " + client.errors);
                }
              }
              return clients.stream().allMatch(ResumingClient::allDone);
            });
  }

  /**
   * What a member of the shared {@code ping} job must see: seqs 1..n without gap or repeat, exactly
   * one event {@code {"n":1}}, progress, then one result {@code {"ticks":4}} last; null if so.
   */
  private static String sharedProblem(List<JsonNode> frames) {
    long events = frames.stream().filter(f -> f.path("op").asText().equals("event")).count();
    long results = frames.stream().filter(f -> f.path("op").asText().equals("result")).count();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).path("seq").asLong() != i + 1) {
        return "seq " + frames.get(i).path("seq") + " at position " + (i + 1);
      }
    }
    if (events != 1 || results != 1) {
      return events + " events and " + results + " results";
    }
    JsonNode last = frames.getLast();
    if (!last.path("op").asText().equals("result")
        || last.path("data").path("ticks").asInt() != 4) {
      return "last frame is not the result";
    }
    return null;
  }

  @Test
  void kill9_of_a_front_end_moves_its_clients_to_the_other_which_resumes_them_without_gap()
      throws Exception {
    cluster = LocalCluster.twoOfEach("kill9-frontend", ClusterIT.CAPACITY, NO_FLOOD_LIMITS);
    for (String fe : List.of("fe1", "fe1", "fe1", "fe1", "fe2")) {
      ResumingClient client = ResumingClient.connect(cluster.node(fe).wsUrl());
      clients.add(client);
      for (int i = 0; i < 20; i++) {
        client.subscribe(6, 250); // 1.5 s each, 100 jobs on 16 slots: about 10 s of work
      }
    }
    List<ResumingClient> onVictim = clients.subList(0, 4);
    await().atMost(WAIT).until(() -> clients.stream().allMatch(ResumingClient::allSubscribed));
    await()
        .atMost(WAIT)
        .until(
            () ->
                onVictim.stream().flatMap(c -> c.subs().stream()).filter(s -> s.done()).count()
                    >= 10);

    long killed = System.nanoTime();
    cluster.kill9("fe1");
    // every page reconnects at once; the balancer sends them to the front end that is left
    try (var pages = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> reconnects = new ArrayList<>();
      for (ResumingClient client : onVictim) {
        reconnects.add(
            pages.submit(
                () -> {
                  client.reconnect(cluster.node("fe2").wsUrl());
                  return null;
                }));
      }
      for (Future<?> reconnect : reconnects) {
        reconnect.get();
      }
    }
    awaitAllDone();
    long allDone = (System.nanoTime() - killed) / 1_000_000;

    int[] duplicatesShown = {0};
    List<String> broken = new ArrayList<>();
    List<JsonNode> gapsAndErrors = new ArrayList<>();
    for (ResumingClient client : clients) {
      broken.addAll(client.violations(duplicatesShown));
      gapsAndErrors.addAll(client.gaps);
      gapsAndErrors.addAll(client.errors);
    }
    long slowestReattach =
        onVictim.stream().mapToLong(c -> c.reattachedNanos() - killed).max().orElse(0) / 1_000_000;
    long slowestResume =
        onVictim.stream().mapToLong(c -> c.firstFrameAfterResumeNanos() - killed).max().orElse(0)
            / 1_000_000;
    int subscriptions = clients.stream().mapToInt(c -> c.subs().size()).sum();
    report.add("===== kill -9 of front end fe1 (its 80 subscriptions resume on fe2) =====");
    report.add("subscriptions (80 on fe1, 20 on fe2)    %d".formatted(subscriptions));
    report.add("broken subscriptions (gap, dup, error)  %d".formatted(broken.size()));
    report.add("duplicates shown                        %d".formatted(duplicatesShown[0]));
    report.add("gap and error frames                    %d".formatted(gapsAndErrors.size()));
    report.add("kill -> slowest client re-attached      %d ms".formatted(slowestReattach));
    report.add("kill -> slowest client's next message   %d ms".formatted(slowestResume));
    report.add("kill -> every job shown                 %d ms".formatted(allDone));
    assertEquals(List.of(), broken.stream().limit(10).toList());
    assertEquals(List.of(), gapsAndErrors);
    assertEquals(0, duplicatesShown[0]);
  }
}
