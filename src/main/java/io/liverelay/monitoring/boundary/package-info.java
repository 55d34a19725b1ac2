/** {@code /metrics} (operators, or listed addresses) and {@code /health/*} (anyone: nothing secret in it). */
package io.liverelay.monitoring.boundary;
