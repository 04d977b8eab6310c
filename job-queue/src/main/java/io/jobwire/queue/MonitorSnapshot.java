package io.jobwire.queue;

import java.util.List;

/**
 * What {@link Monitor#snapshot()} read.
 *
 * @param takenAt clock ms when it was read
 * @param enqueued jobs ever enqueued in this namespace (the Redis sequence)
 * @param queues one entry per topic that ever had a job
 * @param workers workers the brokers report, freshest first
 * @param brokers the brokers that published lately
 * @param frontends the front ends that published lately
 * @param failures recent dead letters and jobs waiting for a retry, newest first
 * @param paused the topics paused now (their queued jobs wait), sorted
 * @param schedules the schedules, soonest next run first
 * @param limits the topics with flow limits (see {@link FlowLimits}), by name
 */
public record MonitorSnapshot(
    long takenAt,
    long enqueued,
    List<QueueInfo> queues,
    List<WorkerInfo> workers,
    List<BrokerInfo> brokers,
    List<FrontendInfo> frontends,
    List<FailureInfo> failures,
    List<String> paused,
    List<ScheduleInfo> schedules,
    List<LimitInfo> limits) {

  /** A snapshot without paused topics, schedules or flow limits. */
  public MonitorSnapshot(
      long takenAt,
      long enqueued,
      List<QueueInfo> queues,
      List<WorkerInfo> workers,
      List<BrokerInfo> brokers,
      List<FrontendInfo> frontends,
      List<FailureInfo> failures) {
    this(
        takenAt, enqueued, queues, workers, brokers, frontends, failures, List.of(), List.of(),
        List.of());
  }

  /**
   * A schedule: {@code when} as {@link Schedule#describe()} says it; {@code lastRun} and {@code
   * lastJob} null before its first run, {@code lastOutcome} that job's state ("" when unknown).
   */
  public record ScheduleInfo(
      String name,
      String topic,
      String when,
      String misfire,
      long nextRun,
      Long lastRun,
      String lastJob,
      String lastOutcome,
      long runs,
      long skipped) {

    public static ScheduleInfo of(ScheduleStatus s) {
      return new ScheduleInfo(
          s.schedule().name(),
          s.schedule().topic(),
          s.schedule().describe(),
          s.schedule().misfire().wire(),
          s.nextRun(),
          s.lastRun(),
          s.lastJob(),
          s.lastOutcome() == null ? "" : s.lastOutcome().wire(),
          s.runs(),
          s.skipped());
    }
  }

  /**
   * A topic's flow limits (0 = none; {@code rate} like {@code 10/s}, or {@code none}) and how many
   * of its jobs run now.
   */
  public record LimitInfo(
      String topic, int maxRunning, int maxRunningPerUser, String rate, long running) {}

  /** Jobs waiting, delayed, running and dead across every topic. */
  public record Totals(long queued, long delayed, long running, long dead) {}

  /** Per-topic counts of the job states that live in Redis sets. */
  public record QueueInfo(String topic, long queued, long delayed, long running, long dead) {}

  /** A worker as its broker last published it; {@code lastSeen} is its last message (clock ms). */
  public record WorkerInfo(
      String id, List<String> topics, int capacity, int busy, long lastSeen, String broker) {}

  /** A broker's counters since it started. */
  public record BrokerInfo(
      String id,
      String endpoint,
      int workers,
      int running,
      long assigned,
      long succeeded,
      long failed,
      long retried,
      long dead,
      double waitMillis,
      double runMillis,
      long updated) {}

  /**
   * A front end's counters since it started, and the ingress endpoint it advertises to workers
   * ({@code reply_to}; "" when it did not say).
   */
  public record FrontendInfo(
      String id,
      int connections,
      int subscriptions,
      long deliveries,
      long updated,
      String replyTo) {}

  /** A job that failed: {@code state} is {@code dead} or {@code delayed} (waiting to retry). */
  public record FailureInfo(
      String job, String topic, String state, int attempts, String code, String message, long at) {}

  public Totals totals() {
    long queued = 0, delayed = 0, running = 0, dead = 0;
    for (QueueInfo q : queues) {
      queued += q.queued();
      delayed += q.delayed();
      running += q.running();
      dead += q.dead();
    }
    return new Totals(queued, delayed, running, dead);
  }

  /**
   * Topics with jobs queued that no live worker serves: those jobs wait until a worker for their
   * topic comes, which may be a mistyped topic.
   */
  public List<String> unservedTopics() {
    var served = new java.util.HashSet<String>();
    workers.forEach(w -> served.addAll(w.topics()));
    return queues.stream()
        .filter(q -> q.queued() > 0 && !served.contains(q.topic()))
        .map(QueueInfo::topic)
        .toList();
  }

  public int workersBusy() {
    return (int) workers.stream().filter(w -> w.busy() > 0).count();
  }

  public int workersIdle() {
    return workers.size() - workersBusy();
  }
}
