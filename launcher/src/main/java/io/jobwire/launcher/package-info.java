/**
 * The {@code jobwire} command itself: {@link io.jobwire.launcher.Main} parses the command line with
 * picocli and hands it to one subcommand of the packages below; {@code help}, the version and the
 * AOT training run live here too.
 *
 * <p>Layering: this package may use every other launcher package and none of them uses it. The
 * others are {@code cli} (options and helpers shared by all commands, depending on no other
 * launcher package), {@code service}, {@code jobs}, {@code admin}, and {@code bench} and {@code
 * conformance} (which start their stacks through {@code service}).
 *
 * <p>Threads: the JVM's main thread runs {@code main} and the chosen command.
 */
package io.jobwire.launcher;
