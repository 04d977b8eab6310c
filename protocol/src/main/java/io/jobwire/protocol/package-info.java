/**
 * The {@code jobwire.v1} wire contract: the messages clients, front ends, brokers and workers
 * exchange, as records under sealed interfaces ({@link io.jobwire.protocol.ClientMessage}, {@link
 * io.jobwire.protocol.ServerMessage}, {@link io.jobwire.protocol.WorkerMessage}, {@link
 * io.jobwire.protocol.BrokerMessage}, {@link io.jobwire.protocol.IngressMessage}), the one JSON
 * codec ({@link io.jobwire.protocol.Codec}), the size and depth limits ({@link
 * io.jobwire.protocol.MessageLimits}) and the topic-name rule. docs/protocol.md and its JSON
 * Schemas are the same contract in prose.
 *
 * <p>Threads: the caller's; pure functions and immutable values. Depends on Jackson only: no
 * transport, no store, no other jobwire module.
 */
package io.jobwire.protocol;
