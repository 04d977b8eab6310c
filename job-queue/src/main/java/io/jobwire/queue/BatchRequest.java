package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A set of jobs queued as one batch (see {@link JobQueue#enqueueBatch}): its children, which of
 * them each one waits for, an optional callback job that runs once every child finished, and where
 * to report the batch's progress.
 *
 * <pre>{@code
 * BatchRequest batch = BatchRequest.builder()
 *     .add(JobRequest.of("fetch", params))           // child 0
 *     .add(JobRequest.of("resize", params), 0)       // child 1 starts once child 0 succeeded
 *     .callback(JobRequest.of("report", null))       // runs once, with every child's outcome
 *     .build();
 * }</pre>
 *
 * @param children the jobs, in order; their ids come back in this order
 * @param dependsOn per child, the indexes of earlier children it waits for (a child starts once
 *     they all succeeded; if one of them does not, it is failed with {@code dependency_failed})
 * @param callback queued once, when every child finished, with {@code params.batch} holding their
 *     outcomes; or null
 * @param replyTo where the broker pushes the batch's progress ({@code progress} per finished child,
 *     {@code result} at the end, both with {@code job} = the batch id), or null for nobody
 * @param route copied into those messages; holds at least {@code {"sub": S}} when replyTo is set
 */
public record BatchRequest(
    List<JobRequest> children,
    List<List<Integer>> dependsOn,
    JobRequest callback,
    String replyTo,
    JsonNode route) {

  /** The most children one batch may hold, unless the caller's own limit is lower. */
  public static final int MAX_CHILDREN = 100_000;

  public BatchRequest {
    children = List.copyOf(children);
    dependsOn = dependsOn.stream().map(List::copyOf).toList();
    if (children.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one job");
    }
    if (children.size() > MAX_CHILDREN) {
      throw new IllegalArgumentException(
          "a batch holds at most " + MAX_CHILDREN + " jobs, got " + children.size());
    }
    if (dependsOn.size() != children.size()) {
      throw new IllegalArgumentException("one list of dependencies per child");
    }
    for (int i = 0; i < dependsOn.size(); i++) {
      for (int dep : dependsOn.get(i)) {
        if (dep < 0 || dep >= i) {
          throw new IllegalArgumentException(
              "job "
                  + i
                  + " of the batch depends on job "
                  + dep
                  + ": a job may only depend on jobs before it");
        }
      }
    }
    if ((replyTo == null) != (route == null)) {
      throw new IllegalArgumentException("replyTo and route go together");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects children in order; {@link #build} validates. */
  public static final class Builder {
    private final List<JobRequest> children = new ArrayList<>();
    private final List<List<Integer>> dependsOn = new ArrayList<>();
    private JobRequest callback;
    private String replyTo;
    private JsonNode route;

    /** Adds a child that waits for the earlier children {@code dependsOnIndexes}. */
    public Builder add(JobRequest child, int... dependsOnIndexes) {
      children.add(Objects.requireNonNull(child, "child"));
      dependsOn.add(Arrays.stream(dependsOnIndexes).boxed().toList());
      return this;
    }

    public Builder add(JobRequest child, List<Integer> dependsOnIndexes) {
      children.add(Objects.requireNonNull(child, "child"));
      dependsOn.add(List.copyOf(dependsOnIndexes));
      return this;
    }

    public Builder callback(JobRequest value) {
      callback = value;
      return this;
    }

    /** Where the batch's progress goes (a front end's ingress) and the route to copy. */
    public Builder reportTo(String endpoint, JsonNode routeValue) {
      replyTo = endpoint;
      route = routeValue;
      return this;
    }

    public BatchRequest build() {
      return new BatchRequest(children, dependsOn, callback, replyTo, route);
    }
  }
}
