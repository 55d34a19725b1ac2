/**
 * The benchmark harness (issue 6): the WAR on Payara Micro and a real nginx-rtmp on 127.0.0.1, N simulated
 * browsers sending ffmpeg-made media at real-time pace, and what it costs, measured from /proc, jcmd and the
 * sink's own recordings. {@code bin/bench} runs it; {@link io.liverelay.bench.BenchmarkSmokeIT} keeps a
 * one-stream run in the test suite. BENCHMARKS.md explains every number.
 */
package io.liverelay.bench;
