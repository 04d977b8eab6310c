/**
 * The HTTP routes besides {@code /ws}: health, readiness, metrics, the dashboard and its feed
 * ({@link io.jobwire.frontend.internal.web.WebRoutes}, {@link
 * io.jobwire.frontend.internal.web.DashboardFeed}).
 *
 * <p>Threads: requests on Undertow IO threads (anything slow is dispatched to a worker thread); the
 * dashboard's Redis reads on {@code jobwire-observer}, never on an IO thread.
 */
package io.jobwire.frontend.internal.web;
