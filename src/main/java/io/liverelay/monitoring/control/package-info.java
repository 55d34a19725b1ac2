/** The meter registry fed by the relay's totals, live views and lifecycle events; the readiness rule. */
package io.liverelay.monitoring.control;
