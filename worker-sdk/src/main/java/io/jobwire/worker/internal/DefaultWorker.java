package io.jobwire.worker.internal;

import io.jobwire.worker.JobHandler;
import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Worker} lifecycle: starts the I/O thread, asks it to stop, waits for it. */
public final class DefaultWorker implements Worker {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final WorkerConfig config;
  private final IoLoop loop;
  private final Set<String> topics;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicReference<Thread> shutdownHook = new AtomicReference<>();
  private volatile Thread ioThread;

  public DefaultWorker(WorkerConfig config, Map<String, JobHandler> handlers, Clock clock) {
    this.config = config;
    this.topics = Set.copyOf(handlers.keySet());
    this.loop = new IoLoop(config, handlers, clock);
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public WorkerConfig config() {
    return config;
  }

  @Override
  public Set<String> topics() {
    return topics;
  }

  @Override
  public void start() {
    if (!state.compareAndSet(State.NEW, State.STARTED)) {
      throw new IllegalStateException("worker " + id() + " was already started or closed");
    }
    ioThread = Thread.ofPlatform().name("jobwire-worker-io").daemon(false).start(loop);
    try {
      loop.started().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      state.set(State.CLOSED);
      throw new IllegalStateException(
          "worker " + id() + " cannot connect to broker " + config.broker() + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new IllegalStateException(
          "worker " + id() + " did not start within " + START_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting worker " + id(), e);
    }
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    if (ioThread != null) {
      ioThread.join();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return ioThread == null || ioThread.join(timeout);
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.STARTED) {
      loop.requestStop();
    }
    removeShutdownHook();
    Thread thread = ioThread;
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the worker goes on stopping in the background
    }
  }

  @Override
  public Worker closeOnShutdown() {
    Thread hook = Thread.ofPlatform().name("jobwire-worker-shutdown").unstarted(this::close);
    if (shutdownHook.compareAndSet(null, hook)) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return this;
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook.get();
    if (hook == null || hook == Thread.currentThread()) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running or ran
    }
  }
}
