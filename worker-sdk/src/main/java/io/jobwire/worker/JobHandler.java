package io.jobwire.worker;

/**
 * Runs one job of a topic.
 *
 * <p>The returned object becomes the result's {@code data} (through Jackson: a {@code JsonNode}, a
 * {@code Map}, a record, a string, a number or {@code null}). Throwing fails the job: a {@link
 * JobFailure} says how, any other exception is reported as code {@code internal} with {@code
 * retry:true}. A handler runs on its own virtual thread, so it may block; it should give up when
 * interrupted (the job was cancelled, timed out, or the worker is stopping).
 */
@FunctionalInterface
public interface JobHandler {
  Object handle(JobContext job) throws Exception;
}
