package io.liverelay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to run: for each mode the stream counts to try (in order), how long each run streams, how far apart the
 * streams start, and where the report goes; or, with {@code --stress}, the stress run instead of the sweep.
 * {@code streamSeconds} > 0 adds, after each run, one of short streams of that length restarted back to back
 * (what a stream's start and end cost). {@link #parse} reads bin/bench's arguments (see BENCHMARKS.md).
 */
record BenchSettings(Map<Mode, List<Integer>> sweep, int seconds, Duration ramp, Duration heapEvery,
        boolean stopAtSaturation, int warmUpSeconds, int costSeconds, boolean jfr, Path outDir,
        List<String> serverJvmOptions, String command, Stress stress, int streamSeconds) {

    static final Map<Mode, List<Integer>> FULL_SWEEP = fullSweep();

    /** The shortest short stream: below it a stream is mostly ffmpeg's probing, and the window holds few chunks. */
    static final int MIN_STREAM_SECONDS = 5;

    /** A sweep without the stress run or short streams (what callers built before those existed). */
    BenchSettings(Map<Mode, List<Integer>> sweep, int seconds, Duration ramp, Duration heapEvery,
            boolean stopAtSaturation, int warmUpSeconds, int costSeconds, boolean jfr, Path outDir,
            List<String> serverJvmOptions, String command) {
        this(sweep, seconds, ramp, heapEvery, stopAtSaturation, warmUpSeconds, costSeconds, jfr, outDir,
                serverJvmOptions, command, Stress.NONE, 0);
    }

    /**
     * {@code --stress MINUTES}: {@code streams} streams at a time ({@code --stress-streams}, 50) that end every
     * way a stream can, for that long (StressRun); {@code seed} ({@code --stress-seed}) makes the random choices.
     */
    record Stress(int minutes, int streams, long seed) {

        static final Stress NONE = new Stress(0, 0, 0);
        static final int DEFAULT_STREAMS = 50;

        boolean enabled() {
            return minutes > 0;
        }
    }

    static BenchSettings defaults(Path outDir) {
        return new BenchSettings(FULL_SWEEP, 60, Duration.ofMillis(100), Duration.ZERO, true, 60, 30, false, outDir,
                List.of("-Xmx2g"), "");
    }

    /**
     * {@code --sweep mode:n,n,...} (repeatable; replaces the default sweep), {@code --seconds T},
     * {@code --ramp-ms M}, {@code --heap-every S}, {@code --keep-going} (do not stop a mode at its first N that
     * misses real time), {@code --cost-seconds S} (media length for the ffmpeg cost breakdown; 0 skips it),
     * {@code --jfr} (a Flight Recorder profile of the relay's JVM over each window), {@code --out DIR}, {@code --server-opt OPT} (repeatable; replaces -Xmx2g), and
     * {@code --soak N} = passthrough with N streams for 600 s, live heap sampled every 60 s;
     * {@code --stress MINUTES} with {@code --stress-streams N} and {@code --stress-seed S} = the stress run (its
     * report goes to {@code <out>/stress} unless {@code --out} is given); {@code --stream-seconds S} = after each
     * run, a run of S-second streams restarted back to back for {@code --seconds}.
     */
    static BenchSettings parse(List<String> args, Path defaultOut) {
        BenchSettings s = defaults(defaultOut);
        Map<Mode, List<Integer>> sweep = new LinkedHashMap<>();
        List<String> serverOptions = new ArrayList<>();
        int seconds = s.seconds;
        Duration ramp = s.ramp;
        Duration heapEvery = s.heapEvery;
        boolean stop = s.stopAtSaturation;
        int costSeconds = s.costSeconds;
        boolean jfr = s.jfr;
        Path out = s.outDir;
        boolean outGiven = false;
        Integer stressMinutes = null;
        Integer stressStreams = null;
        Long stressSeed = null;
        int streamSeconds = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--sweep" -> {
                    String[] modeAndCounts = args.get(++i).split(":", 2);
                    List<Integer> counts = new ArrayList<>();
                    for (String n : modeAndCounts[1].split(",")) {
                        counts.add(Integer.parseInt(n.trim()));
                    }
                    sweep.put(Mode.byId(modeAndCounts[0]), List.copyOf(counts));
                }
                case "--seconds" -> seconds = Integer.parseInt(args.get(++i));
                case "--ramp-ms" -> ramp = Duration.ofMillis(Long.parseLong(args.get(++i)));
                case "--heap-every" -> heapEvery = Duration.ofSeconds(Long.parseLong(args.get(++i)));
                case "--keep-going" -> stop = false;
                case "--jfr" -> jfr = true;
                case "--cost-seconds" -> costSeconds = Integer.parseInt(args.get(++i));
                case "--out" -> {
                    out = Path.of(args.get(++i));
                    outGiven = true;
                }
                case "--server-opt" -> serverOptions.add(args.get(++i));
                case "--soak" -> {
                    sweep.put(Mode.PASSTHROUGH, List.of(Integer.parseInt(args.get(++i))));
                    seconds = 600;
                    heapEvery = Duration.ofSeconds(60);
                }
                case "--stress" -> stressMinutes = Integer.parseInt(args.get(++i));
                case "--stress-streams" -> stressStreams = Integer.parseInt(args.get(++i));
                case "--stress-seed" -> stressSeed = Long.parseLong(args.get(++i));
                case "--stream-seconds" -> streamSeconds = Integer.parseInt(args.get(++i));
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + "; see BENCHMARKS.md for bin/bench's options");
            }
        }
        if (seconds < 10) {
            throw new IllegalArgumentException("--seconds must be at least 10, not " + seconds);
        }
        if (streamSeconds != 0 && (streamSeconds < MIN_STREAM_SECONDS || streamSeconds * 2 > seconds)) {
            // a window needs at least two streams of every tab in it to hold starts and ends of each
            throw new IllegalArgumentException("--stream-seconds must be from " + MIN_STREAM_SECONDS
                    + " to half of --seconds (" + seconds + "), not " + streamSeconds);
        }
        Stress stress = stress(stressMinutes, stressStreams, stressSeed);
        if (stress.enabled() && !outGiven) {
            out = out.resolve("stress");
        }
        return new BenchSettings(sweep.isEmpty() ? s.sweep : Collections.unmodifiableMap(sweep), seconds, ramp,
                heapEvery, stop, s.warmUpSeconds, costSeconds, jfr, out.toAbsolutePath(),
                serverOptions.isEmpty() ? s.serverJvmOptions : List.copyOf(serverOptions),
                System.getProperty("bench.command", "bin/bench " + String.join(" ", args)).trim(), stress,
                streamSeconds);
    }

    // without a seed one is drawn, and the report prints it so that the run's choices can be made again
    private static Stress stress(Integer minutes, Integer streams, Long seed) {
        if (minutes == null) {
            if (streams != null || seed != null) {
                throw new IllegalArgumentException("--stress-streams and --stress-seed need --stress MINUTES");
            }
            return Stress.NONE;
        }
        if (minutes < 1) {
            throw new IllegalArgumentException("--stress takes at least 1 minute, not " + minutes);
        }
        int n = streams == null ? Stress.DEFAULT_STREAMS : streams;
        if (n < 1) {
            throw new IllegalArgumentException("--stress-streams must be at least 1, not " + n);
        }
        return new Stress(minutes, n, seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L));
    }

    private static Map<Mode, List<Integer>> fullSweep() {
        Map<Mode, List<Integer>> sweep = new LinkedHashMap<>();
        sweep.put(Mode.PASSTHROUGH, List.of(1, 10, 20, 40, 60, 80, 100, 120));
        // the floor beside it (issue 14), at the same N as far as it keeps real time
        sweep.put(Mode.NAIVE, List.of(1, 10, 20, 40, 60, 80, 100, 120));
        sweep.put(Mode.PASSTHROUGH_AAC, List.of(60, 100, 140, 180));
        sweep.put(Mode.TRANSCODE, List.of(1, 2, 3, 4, 5));
        sweep.put(Mode.SEED_H264, List.of(1, 4, 6, 8, 10));
        sweep.put(Mode.SEED_VP8, List.of(1, 4, 6, 8, 10));
        return Collections.unmodifiableMap(sweep);
    }
}
