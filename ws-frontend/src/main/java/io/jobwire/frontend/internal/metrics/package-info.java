/**
 * What the front end counts ({@link io.jobwire.frontend.internal.metrics.Counters}, lock-free
 * adders) and exports ({@link io.jobwire.frontend.internal.metrics.FrontendMetrics}, Micrometer and
 * Prometheus). Any thread increments; the scrape reads. No I/O.
 */
package io.jobwire.frontend.internal.metrics;
