package io.liverelay.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything a stress run found: its streams, the relay over time, its threads midway and after the run, what
 * was left once the streams had ended, and the slot probe. {@link StressReport} judges and writes it.
 */
record StressResult(Environment env, BenchSettings settings, List<String> relayOptions, int slots,
        double seconds, List<StressStream> streams, List<Sample> timeline, Dumps midway, Dumps end,
        Leftovers leftovers, Probe probe, Leftovers afterProbe, int unfinishedActors, boolean relayAlive,
        boolean sinkAlive) {

    /** The relay every 30 s: streams live as the actors see them, its ffmpegs, connections, threads, memory. */
    record Sample(long seconds, int live, int ffmpegs, int connections, int jvmThreads, long jvmRssKib,
            int finished, int refusals) {
    }

    /** Two thread dumps a few seconds apart; {@code failure} when jcmd could not take them. */
    record Dumps(String when, long seconds, ThreadDump first, ThreadDump second, String failure) {

        List<ThreadDump.DumpedThread> stuck() {
            return first == null || second == null ? List.of() : ThreadDump.stuck(first, second);
        }

        boolean deadlock() {
            return (first != null && first.deadlock()) || (second != null && second.deadlock());
        }
    }

    /** What the relay still held after the streams ended: its ffmpegs (described, keys masked), connections. */
    record Leftovers(long waitedMillis, List<String> ffmpegs, List<String> connections, String failure) {

        boolean clean() {
            return failure == null && ffmpegs.isEmpty() && connections.isEmpty();
        }
    }

    /** {@code streams} starts at once after the run: a slot that leaked refuses one of them. */
    record Probe(int streams, int started, Map<String, Integer> answers, String failure) {
    }
}
