/**
 * What the broker shows about itself: Micrometer meters ({@code BrokerMetrics}, {@code JobMeter},
 * {@code QueueDepthGauges}), its records in Redis for the dashboard and {@code jobwire status}
 * ({@code RegistryPublisher}) and its HTTP endpoint ({@code JdkBrokerHttp}).
 *
 * <p>Threads: {@code JobMeter} and {@code RegistryPublisher} are updated on {@code jobwire-broker};
 * gauges are read on the scraping thread ({@code jobwire-broker-http}). Depends on {@code workers}
 * (read only) and {@code store}; never on {@code loop}.
 */
package io.jobwire.broker.internal.observe;
