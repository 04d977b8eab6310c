/**
 * The operator's commands on a running system's Redis: {@code topic} and {@code topics} (limits,
 * pause, listing), {@code schedule}, {@code dead} (dead letters), {@code token} and {@code keys}
 * (client credentials and admin keys), {@code migrate}. Each is a short command that connects, does
 * one thing and exits.
 *
 * <p>Threads: the main thread only.
 */
package io.jobwire.launcher.admin;
