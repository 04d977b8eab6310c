package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The demo page and the dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), against the whole stack. Screenshots go to {@code
 * launcher/target/screenshots/}.
 */
class BrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  @RegisterExtension static final StackExtension stack = StackExtension.examples(4);

  String url(String path) {
    return "http://127.0.0.1:" + stack.get().frontend().httpPort() + path;
  }

  @Test
  void demo_page_shows_ping_progress_moving_and_then_its_result() throws Exception {
    chromium.driver().get(url("/"));
    await().atMost(WAIT).until(() -> text("status").equals("connected"));
    WebElement params = chromium.driver().findElement(By.id("params"));
    params.clear();
    params.sendKeys("{\"count\": 6, \"interval_ms\": 500}");
    chromium.driver().findElement(By.id("subscribe")).click();

    WebElement card =
        await()
            .atMost(WAIT)
            .ignoreExceptions()
            .until(() -> chromium.driver().findElement(By.id("sub-1")), c -> true);
    var seen = new TreeSet<Integer>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              String pct = card.getDomAttribute("data-pct");
              if (pct != null) {
                seen.add(Integer.parseInt(pct));
              }
              if (seen.size() == 3) {
                chromium.screenshot("demo-progress.png");
              }
              return !card.findElements(By.cssSelector("li.result")).isEmpty();
            });
    assertTrue(
        seen.stream().filter(p -> p > 0 && p < 100).count() >= 2,
        "the bar moved through several steps before the result: " + seen);
    assertEquals("100", card.getDomAttribute("data-pct"));
    assertEquals("done", card.getDomAttribute("data-state"));
    String result = card.findElement(By.cssSelector("li.result")).getText();
    assertTrue(result.contains("\"ticks\":6"), result);
    chromium.screenshot("demo.png");

    card.findElement(By.cssSelector("button.unsub")).click();
    await().atMost(WAIT).until(() -> chromium.driver().findElements(By.id("sub-1")).isEmpty());
  }

  @Test
  void dashboard_shows_the_worker_and_job_counts_changing_and_retries_a_dead_job()
      throws Exception {
    chromium.driver().get(url("/dashboard"));
    await().atMost(WAIT).until(() -> text("live").equals("live") && text("t-workers").equals("1"));
    assertTrue(table("workers").contains("ping"), table("workers"));
    long before = Long.parseLong(text("t-enqueued"));

    var ping = Codec.parse("{\"count\": 20, \"interval_ms\": 200}");
    stack.get().queue().enqueue(JobRequest.of("ping", ping));
    String dead =
        stack.get().queue().enqueue(JobRequest.of("command", Codec.parse("{\"name\":\"nope\"}")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertEquals(String.valueOf(before + 2), text("t-enqueued"));
              assertEquals("1", text("t-busy"));
              assertEquals("1", text("t-running"));
              assertEquals("1", text("t-dead"));
              assertTrue(table("failures").contains(dead), table("failures"));
              assertTrue(table("frontends").contains(stack.get().frontend().frontendId()));
            });
    chromium.screenshot("dashboard.png");

    long died = stack.get().queue().status(dead).orElseThrow().updatedAt();
    // the table is redrawn with each snapshot: a click may hit a button just replaced
    click("//table[@id='failures']//tr[td[1][text()='" + dead + "']]//button[text()='Retry']");
    await()
        .atMost(WAIT)
        .until(() -> stack.get().queue().status(dead).orElseThrow().updatedAt() > died);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertEquals("0", text("t-busy"));
              assertFalse(table("queues").isEmpty());
            });
  }

  @Test
  void dashboard_shows_a_topics_flow_limits() {
    try (var flow = FlowControl.redis(QueueConfig.builder().redisUri(stack.redisUri()).build())) {
      chromium.driver().get(url("/dashboard"));
      await().atMost(WAIT).until(() -> text("live").equals("live"));
      flow.set("limited", FlowLimits.NONE.withMaxRunning(2).withRate("10/s"));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                String limits = table("limits");
                assertTrue(limits.contains("limited") && limits.contains("10/s"), limits);
              });
      chromium.screenshot("dashboard-limits.png");
      flow.set("limited", FlowLimits.NONE);
    }
  }

  @Test
  void dashboard_shows_a_redis_outage_and_the_recovery() throws Exception {
    try (var ownRedis = TestRedis.start();
        var ownStack =
            LocalStack.start(
                ownRedis.uri(),
                BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
                FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
                null)) {
      chromium.driver().get("http://127.0.0.1:" + ownStack.frontend().httpPort() + "/dashboard");
      await().atMost(WAIT).until(() -> text("live").equals("live"));

      ownRedis.stop();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  text("live").equals("Redis unreachable")
                      && chromium
                          .driver()
                          .findElement(By.id("live"))
                          .getDomAttribute("class")
                          .contains("bad"));
      String first = text("updated");
      assertTrue(first.contains("Redis"), first);
      // the feed keeps talking during the outage: the time of the last try moves on
      await().atMost(WAIT).until(() -> !text("updated").equals(first));
      chromium.screenshot("dashboard-redis-down.png");

      ownRedis.restart();
      await()
          .atMost(WAIT)
          .until(() -> text("live").equals("live") && text("updated").startsWith("updated "));
    }
  }

  @Test
  void the_built_javascript_client_runs_a_job_in_the_browser() {
    chromium.driver().get(url("/"));
    chromium.driver().manage().timeouts().scriptTimeout(WAIT);
    Object seen =
        ((JavascriptExecutor) chromium.driver())
            .executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                import("/jobwire.js").then(async ({ Client, JobwireError }) => {
                  const client = new Client(arguments[0]);
                  const ticks = [];
                  const run = client.subscribe("ping", { count: 3, interval_ms: 10 },
                      { onProgress: (d) => ticks.push(d.tick) });
                  const result = await run.result;
                  const failed = await client.subscribe("fail", { retry: false }).result
                      .catch((e) => e instanceof JobwireError && e.kind + ":" + e.code);
                  client.close();
                  done(JSON.stringify({ ticks, result, failed }));
                }).catch((e) => done("error: " + e));
                """,
                stack.webSocketUrl());
    assertEquals(
        "{\"ticks\":[1,2,3],\"result\":{\"ticks\":3},\"failed\":\"failed:requested\"}", seen);
  }

  @Test
  void dashboard_shows_schedules_and_paused_topics_and_pauses_resumes_cancels_and_runs_now()
      throws Exception {
    var config = QueueConfig.builder().redisUri(stack.redisUri()).build();
    try (Schedules schedules = Schedules.redis(config)) {
      schedules.put(
          Schedule.cron("nightly-upper", "upper", "0 3 * * *")
              .withParams(Codec.parse("{\"text\":\"x\"}")));
      chromium.driver().get(url("/dashboard"));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertTrue(
                      table("schedules").contains("nightly-upper upper cron \"0 3 * * *\" UTC"),
                      table("schedules")));
      assertTrue(table("schedules").contains("never"), table("schedules"));

      click("//table[@id='schedules']//tr[td[1][text()='nightly-upper']]//button");
      await()
          .atMost(WAIT)
          .until(
              () -> table("schedules").contains("succeeded") && table("queues").contains("upper"));

      click("//table[@id='queues']//tr[td[1][text()='upper']]//button[text()='Pause']");
      await().atMost(WAIT).until(() -> table("queues").contains("upper (paused)"));
      String held =
          stack.get().queue().enqueue(JobRequest.of("upper", Codec.parse("{\"text\":\"a\"}")));
      String kept =
          stack.get().queue().enqueue(JobRequest.of("upper", Codec.parse("{\"text\":\"b\"}")));
      await()
          .during(Duration.ofMillis(700))
          .atMost(WAIT)
          .until(() -> state(held) == JobState.QUEUED);
      chromium.screenshot("dashboard-paused.png");

      chromium.driver().findElement(By.id("cancel-job")).sendKeys(held);
      chromium.driver().findElement(By.id("cancel-button")).click();
      await().atMost(WAIT).until(() -> text("cancel-outcome").equals("cancelled " + held));
      assertEquals(JobState.CANCELLED, state(held));

      click("//table[@id='queues']//tr[td[1][text()='upper (paused)']]//button[text()='Resume']");
      await().atMost(WAIT).until(() -> state(kept) == JobState.SUCCEEDED);
      await().atMost(WAIT).until(() -> !table("queues").contains("(paused)"));
      schedules.remove("nightly-upper");
    }
  }

  /** Clicks the button at {@code xpath}; the table it is in is redrawn each second, so retries. */
  private void click(String xpath) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(() -> chromium.driver().findElement(By.xpath(xpath)).click());
  }

  private JobState state(String job) {
    return stack.get().queue().status(job).orElseThrow().state();
  }

  String text(String id) {
    return chromium.driver().findElement(By.id(id)).getText().trim();
  }

  String table(String id) {
    return chromium.driver().findElement(By.cssSelector("#" + id + " tbody")).getText();
  }
}
