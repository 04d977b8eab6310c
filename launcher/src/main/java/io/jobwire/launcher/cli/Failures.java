package io.jobwire.launcher.cli;

import io.jobwire.queue.QueueUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code jobwire} reports a mistake. A wrong flag or value: the error and a hint to {@code
 * --help}, exit 2. An ordinary failure while running (Redis unreachable, a missing file, a bad
 * key): one line naming the command, exit 1. Only what looks like a bug prints a stack trace.
 */
public final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String command = cli.getCommandSpec().qualifiedName();
    err.println(command + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command + " --help' for the options.");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    String command = cli.getCommandSpec().qualifiedName();
    if (!ordinary(e)) {
      err.println(command + ": an unexpected error; please report it with what follows");
      e.printStackTrace(err);
      err.flush();
      return cli.getCommandSpec().exitCodeOnExecutionException();
    }
    err.println(command + ": " + describe(e));
    err.flush();
    return 1;
  }

  /** A failure that the user's input or environment explains: no trace needed. */
  static boolean ordinary(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof QueueUnavailableException
        || e instanceof redis.clients.jedis.exceptions.JedisException
        || e instanceof IOException
        || e instanceof UncheckedIOException
        || e instanceof GeneralSecurityException
        || e instanceof DateTimeException
        || e instanceof org.zeromq.ZMQException;
  }

  /** The exception's message, with its causes' where they add something. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(message(e));
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      String more = message(cause);
      String raw = String.valueOf(cause.getMessage());
      if (!text.toString().contains(more) && !text.toString().contains(raw)) {
        text.append(": ").append(more);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  private static String message(Throwable e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return message(u.getCause());
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
