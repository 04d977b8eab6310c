package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.launcher.cli.TlsCaOption;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobwire run}: runs one job on the workers and streams it to the terminal. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a job and wait for it: subscribe to TOPIC on a front end, print each progress as it"
          + " comes, then the result. Exit status 0 on a result, 1 when the job failed, 2 on an"
          + " error (unknown topic, refused token, no connection), 130 after Ctrl-C, which"
          + " unsubscribes and so cancels the job. A dropped connection is resumed.",
      "  jobwire run ping --params '{\"count\":3}'",
      "  jobwire run resize --params @params.json --url wss://jobs.example.com/ws --json"
    })
public final class RunCommand implements Callable<Integer> {
  public static final int FAILED = 1;
  public static final int ERROR = 2;
  public static final int INTERRUPTED = 130;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to run.")
  String topic;

  @Option(
      names = "--params",
      defaultValue = "${env:JOBWIRE_PARAMS}",
      paramLabel = "JSON",
      description =
          "The job's params, a JSON object, or @FILE to read it from a file (env JOBWIRE_PARAMS;"
              + " default {}).")
  String params;

  @Option(
      names = "--url",
      defaultValue = "${env:JOBWIRE_URL:-ws://127.0.0.1:8080/ws}",
      paramLabel = "URL",
      description = "The front end's WebSocket URL (env JOBWIRE_URL; default ${DEFAULT-VALUE}).")
  String url;

  @ArgGroup(exclusive = true)
  Credential credential = new Credential();

  @Option(
      names = "--json",
      defaultValue = "${env:JOBWIRE_JSON:-false}",
      description =
          "Print every delivery as the server sent it, one JSON object per line, and errors as"
              + " JSON on stderr (env JOBWIRE_JSON).")
  boolean json;

  @Mixin TlsCaOption ca;

  @Spec CommandSpec spec;

  /** How the front end learns who we are; nothing when it runs with --auth none. */
  static final class Credential {
    @Option(
        names = "--token",
        defaultValue = "${env:JOBWIRE_TOKEN}",
        paramLabel = "TOKEN",
        description =
            "A JWT, or a single-use token from `jobwire token issue` (env JOBWIRE_TOKEN). A"
                + " single-use token serves one connection: use --token-cmd to survive"
                + " reconnects.")
    String token;

    @Option(
        names = "--token-cmd",
        defaultValue = "${env:JOBWIRE_TOKEN_CMD}",
        paramLabel = "CMD",
        description =
            "A shell command printing a fresh token or JWT; run for every connection (env"
                + " JOBWIRE_TOKEN_CMD).")
    String tokenCommand;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ObjectNode jobParams;
    try {
      jobParams = parseParams(params);
    } catch (ProtocolException | IOException | IllegalArgumentException e) {
      err.println("jobwire run: --params: " + e.getMessage());
      err.flush();
      return ERROR;
    }
    var printer = new RunPrinter(spec.commandLine().getOut(), err, json);
    var run =
        new JobRun(
            url,
            url.startsWith("wss:") ? ca.sslContext() : null,
            credential(),
            topic,
            jobParams,
            printer);
    Thread onCtrlC = new Thread(() -> cancel(run, printer), "jobwire-run-cancel");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      JobRun.Outcome outcome = run.run();
      printer.outcome(outcome);
      return switch (outcome.op()) {
        case "result" -> 0;
        case "failed" -> FAILED;
        case "cancelled" -> INTERRUPTED;
        default -> ERROR;
      };
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and ends the process
      }
    }
  }

  /** Ctrl-C: unsubscribe (the server cancels the job), say so, and end with status 130. */
  static void cancel(JobRun run, RunPrinter printer) {
    try {
      run.cancel(Duration.ofSeconds(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    printer.cancelled();
    Runtime.getRuntime().halt(INTERRUPTED);
  }

  private Supplier<String> credential() {
    if (credential.token != null && !credential.token.isBlank()) {
      return () -> credential.token;
    }
    if (credential.tokenCommand != null && !credential.tokenCommand.isBlank()) {
      return () -> runTokenCommand(credential.tokenCommand);
    }
    return null;
  }

  static String runTokenCommand(String command) {
    try {
      Process process =
          new ProcessBuilder("sh", "-c", command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0 || token.isBlank()) {
        throw new IllegalStateException(
            "--token-cmd exited with " + process.exitValue() + " and printed no token");
      }
      return token.strip();
    } catch (IOException e) {
      throw new IllegalStateException("--token-cmd: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("--token-cmd interrupted", e);
    }
  }

  static ObjectNode parseParams(String text) throws ProtocolException, IOException {
    if (text == null || text.isBlank()) {
      return Codec.mapper().createObjectNode();
    }
    if (text.startsWith("@")) {
      text = java.nio.file.Files.readString(java.nio.file.Path.of(text.substring(1)));
    }
    JsonNode node = Codec.parse(text);
    if (!node.isObject()) {
      throw new IllegalArgumentException("must be a JSON object, not " + node.getNodeType());
    }
    return (ObjectNode) node;
  }
}
