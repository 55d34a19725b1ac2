/**
 * What operators and their tools watch: Prometheus metrics at {@code /metrics} (Micrometer, embedded in the WAR,
 * so the same on every server) and health at {@code /health/live} and {@code /health/ready}. Reads the ingest
 * feature's totals, views and CDI events; changes nothing. docs/operations.md has the metric names.
 */
package io.liverelay.monitoring;
