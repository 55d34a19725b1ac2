package io.liverelay.bench;

import io.liverelay.bench.StressResult.Dumps;
import io.liverelay.bench.StressResult.Leftovers;
import io.liverelay.bench.StressResult.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Judges a stress run and writes it as Markdown: the checks first (each one a line of issue 12), then the
 * streams by ending, the relay over time, its threads, and every stream that broke the protocol; each stream
 * on a line of its own in a CSV beside it.
 */
final class StressReport {

    private static final int LISTED = 30;
    private static final int FRAMES = 12;

    private StressReport() {
    }

    /** One line of the verdict. */
    record Check(String what, String measured, boolean ok) {
    }

    /** Writes the report and the CSV; returns the checks that failed, by what they check. */
    static List<String> write(Path report, Path csv, StressResult result) {
        List<Check> checks = checks(result);
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, render(result, checks));
            Files.writeString(csv, csv(result.streams()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checks.stream().filter(c -> !c.ok()).map(Check::what).toList();
    }

    static List<Check> checks(StressResult r) {
        List<StressStream> streams = r.streams();
        List<StressStream> expected = streams.stream().filter(StressStream::destroyedExpected).toList();
        long once = expected.stream().filter(s -> s.count("destroyed") == 1).count();
        long twice = streams.stream().filter(s -> s.count("destroyed") > 1).count();
        long broken = streams.stream().filter(s -> !s.problems.isEmpty()).count();
        long started = streams.stream().filter(StressStream::started).count();
        long internal = streams.stream().filter(s -> s.errorNames().contains("INTERNAL_ERROR")).count();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("streams ran", started + " started of " + streams.size() + " opened",
                started >= r.settings().stress().streams()));
        checks.add(new Check("every stream ended by `stop`, an admin stop or the relay, or refused at its start, "
                + "got `destroyed` exactly once", once + " of " + expected.size(), once == expected.size()));
        checks.add(new Check("no stream got `destroyed` more than once", Long.toString(twice), twice == 0));
        checks.add(new Check("no stream broke docs/protocol.md otherwise (see Problems)",
                broken + " stream(s) with a problem", broken == 0));
        long closeFrames = streams.stream().filter(s -> s.ending == StressEnding.CLOSE_FRAME).count();
        long unanswered = streams.stream().filter(s -> s.closeUnanswered).count();
        checks.add(new Check("observed, not judged: our close frame answered by the server's (the container sends it,"
                + " after the endpoint's @OnClose)", unanswered + " of " + closeFrames + " got none within 15 s",
                true));
        checks.add(new Check("no INTERNAL_ERROR", Long.toString(internal), internal == 0));
        checks.add(new Check("no relay ffmpeg left after the run (waited up to 30 s)", leftover(r.leftovers(),
                r.leftovers().ffmpegs()), r.leftovers().failure() == null && r.leftovers().ffmpegs().isEmpty()));
        checks.add(new Check("no connection left in the admin API (no slot held)", leftover(r.leftovers(),
                r.leftovers().connections()), r.leftovers().failure() == null
                && r.leftovers().connections().isEmpty()));
        checks.add(new Check("no slot leaked: " + r.probe().streams() + " streams at once after the run (the relay's "
                + "slots) all `started`", probe(r), r.probe().failure() == null
                && r.probe().started() == r.probe().streams()));
        checks.add(new Check("after the probe, nothing left either", leftover(r.afterProbe(),
                r.afterProbe().ffmpegs()) + " ffmpeg(s), " + r.afterProbe().connections().size() + " connection(s)",
                r.afterProbe().clean()));
        Dumps end = r.end();
        checks.add(new Check("no thread stuck after the run: none in our code or BLOCKED with the same stack in two "
                + "dumps 5 s apart", end.failure() != null ? "no dump: " + end.failure()
                : end.stuck().size() + " thread(s)", end.failure() == null && end.stuck().isEmpty()));
        checks.add(new Check("no deadlock found by the JVM (midway, after the run)", deadlocks(r),
                r.midway().failure() == null && !r.midway().deadlock() && !end.deadlock()));
        checks.add(new Check("every actor finished within 3 min of the end", r.unfinishedActors() + " did not",
                r.unfinishedActors() == 0));
        checks.add(new Check("the relay's JVM and nginx still run", (r.relayAlive() ? "relay up" : "RELAY GONE")
                + ", " + (r.sinkAlive() ? "nginx up" : "NGINX GONE"), r.relayAlive() && r.sinkAlive()));
        return checks;
    }

    static String render(StressResult r, List<Check> checks) {
        Environment env = r.env();
        BenchSettings.Stress stress = r.settings().stress();
        List<String> failed = checks.stream().filter(c -> !c.ok()).map(Check::what).toList();
        var md = new StringBuilder();
        md.append("## Stress run of ").append(env.date()).append("\n\n");
        md.append("- Result: ").append(failed.isEmpty() ? "**every check passed**"
                : "**FAILED**: " + String.join("; ", failed)).append('\n');
        md.append("- Machine: ").append(env.cores()).append(" cores, ").append(env.cpuModel()).append(", ")
                .append(env.memory()).append(", Linux ").append(env.kernel()).append('\n');
        md.append("- Software: ").append(env.java()).append(" (relay and harness); ").append(env.ffmpeg())
                .append("; ").append(env.nginx()).append(" with libnginx-mod-rtmp\n");
        md.append("- Command: `").append(r.settings().command()).append("`; WAR built from ").append(env.source())
                .append('\n');
        md.append("- Run: ").append(stress.streams()).append(" streams at a time for ").append(stress.minutes())
                .append(" min (").append(f0(r.seconds())).append(" s until every actor was done), ")
                .append(StressRun.MODE.id).append(" media in 250 ms chunks at real-time pace, actors started ")
                .append(r.settings().ramp().toMillis()).append(" ms apart; seed **").append(stress.seed())
                .append("** (`--stress-seed ").append(stress.seed()).append("` draws the same streams again)\n");
        md.append("- Relay JVM options: `").append(String.join(" ", r.relayOptions())).append("` (")
                .append(r.slots()).append(" slots: the actors and a quarter more)\n");
        md.append("- Load average when the run started: ").append(env.loadAtStart()).append("\n\n");

        md.append("### Checks\n\n| check | measured | verdict |\n|---|---|---|\n");
        for (Check check : checks) {
            md.append("| ").append(check.what()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.what().startsWith("observed") ? "observed" : check.ok() ? "ok" : "**FAILED**").append(" |\n");
        }
        md.append('\n');
        streams(md, r.streams());
        timeline(md, r.timeline());
        threads(md, r.midway());
        threads(md, r.end());
        leftovers(md, "after the run", r.leftovers());
        leftovers(md, "after the slot probe", r.afterProbe());
        problems(md, r.streams());
        md.append("Every stream, one per line: `streams.csv`. Thread dumps: `threads-*.txt`. Relay log: "
                + "`payara/payara.log`.\n\n");
        md.append(legend());
        return md.toString();
    }

    private static void streams(StringBuilder md, List<StressStream> streams) {
        long connectFailures = streams.stream().filter(s -> s.connectFailure != null).count();
        long refused = streams.stream().filter(s -> s.refusal != null).count();
        long started = streams.stream().filter(StressStream::started).count();
        md.append("### Streams\n\n").append(streams.size()).append(" opened: ").append(started)
                .append(" started, ").append(refused).append(" refused at their start")
                .append(counted(streams.stream().filter(s -> s.refusal != null).map(s -> s.refusal).toList()))
                .append(", ").append(connectFailures).append(" could not connect, ")
                .append(streams.size() - started - refused - connectFailures).append(" got no answer.\n\n");

        md.append("| ending | how | drawn | happened | `destroyed` once / never / more | server's close code |\n"
                + "|---|---|---:|---:|---|---|\n");
        Map<StressEnding, List<StressStream>> byEnding = new EnumMap<>(StressEnding.class);
        streams.stream().filter(s -> s.ending != null)
                .forEach(s -> byEnding.computeIfAbsent(s.ending, e -> new ArrayList<>()).add(s));
        for (StressEnding ending : StressEnding.values()) {
            List<StressStream> ended = byEnding.getOrDefault(ending, List.of());
            long drawn = streams.stream().filter(s -> s.started() && s.planned == ending).count();
            md.append("| ").append(ending.label).append(" | ").append(ending.how).append(" | ")
                    .append(ending.weight == 0 ? "–" : Long.toString(drawn)).append(" | ").append(ended.size())
                    .append(" | ").append(count(ended, s -> s.count("destroyed") == 1)).append(" / ")
                    .append(count(ended, s -> s.count("destroyed") == 0)).append(" / ")
                    .append(count(ended, s -> s.count("destroyed") > 1)).append(" | ")
                    .append(counted(ended.stream().map(s -> s.closeCode < 0 ? "none" : Integer.toString(s.closeCode))
                            .toList()).replaceFirst("^ ", "")).append(" |\n");
        }
        md.append("\nAn abrupt disconnect (reset or close without a close frame) cannot hear `destroyed`; after its "
                + "own close frame a client may or may not: those are only checked never to hear it twice, and for "
                + "what the relay holds after the run.\n\n");

        List<StressStream> paused = streams.stream().filter(s -> s.pausedNanos > 0).toList();
        md.append("- Pauses: ").append(paused.size()).append(" streams paused, ")
                .append(f1(paused.stream().mapToLong(s -> s.pausedNanos).sum() / 1e9)).append(" s in all, ")
                .append(paused.stream().mapToInt(s -> s.pings).sum()).append(" `ping`s sent while paused\n");
        List<StressStream> drops = streams.stream().filter(s -> s.drop != StressStream.NOT_TRIED).toList();
        List<StressStream> dropped = drops.stream().filter(s -> s.drop > 0).toList();
        md.append("- RTMP publisher dropped by nginx-rtmp's control module: ").append(drops.size())
                .append(" asked, ").append(dropped.size()).append(" dropped (")
                .append(count(drops, s -> s.drop == 0)).append(" had no publisher, ")
                .append(count(drops, s -> s.drop < 0)).append(" control failures); of those dropped, ")
                .append(count(dropped, s -> s.count("reconnecting") > 0)).append(" heard `reconnecting` and ")
                .append(count(dropped, s -> s.count("live") > 0)).append(" heard `live` again before their end; ")
                .append(count(streams, s -> s.dropSkipped)).append(" drops skipped (no frames sent in time); ")
                .append(count(streams, s -> s.drop == StressStream.NOT_TRIED && s.count("reconnecting") > 0))
                .append(" streams heard `reconnecting` without a drop\n");
        long chunks = streams.stream().mapToLong(s -> s.chunksSent).sum();
        md.append("- Chunks sent: ").append(chunks).append(" (").append(f1(chunks * 0.25 / 60))
                .append(" stream-minutes of media); late sends (> 100 ms): ")
                .append(streams.stream().mapToInt(s -> s.lateSends).sum()).append("; slowest send: ")
                .append(f2(streams.stream().mapToLong(s -> s.slowestSendNanos).max().orElse(0) / 1e9)).append(" s\n");
        md.append("- Errors heard:").append(counted(streams.stream().flatMap(s -> s.errorNames().stream()).toList())
                .replaceFirst("^$", " none")).append('\n');
        md.append("- Messages received, by type:").append(counted(streams.stream()
                .flatMap(s -> s.messages.stream()).map(m -> m.getString("type", "?")).toList())).append("\n\n");
    }

    private static void timeline(StringBuilder md, List<Sample> timeline) {
        md.append("### The relay over time\n\n| t (s) | streams live (actors) | relay ffmpegs | connections (admin) "
                + "| JVM threads | JVM RSS (MiB) | streams ended | refused at start |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : timeline) {
            md.append("| ").append(s.seconds()).append(" | ").append(s.live()).append(" | ").append(s.ffmpegs())
                    .append(" | ").append(s.connections() < 0 ? "no answer" : Integer.toString(s.connections()))
                    .append(" | ").append(s.jvmThreads()).append(" | ").append(f0(s.jvmRssKib() / 1024.0))
                    .append(" | ").append(s.finished()).append(" | ").append(s.refusals()).append(" |\n");
        }
        md.append('\n');
    }

    private static void threads(StringBuilder md, Dumps dumps) {
        md.append("### Threads ").append(dumps.when()).append(" (t = ").append(dumps.seconds()).append(" s)\n\n");
        if (dumps.failure() != null) {
            md.append("No thread dump: ").append(dumps.failure()).append("\n\n");
            return;
        }
        ThreadDump second = dumps.second();
        md.append(second.threads().size()).append(" threads; ").append(second.blockedCount()).append(" BLOCKED; ")
                .append(dumps.deadlock() ? "**the JVM found a deadlock**" : "no deadlock").append(".\n\n");
        Map<String, Integer> ours = second.oursByPlace();
        if (!ours.isEmpty()) {
            md.append("In our code (second dump), by state and topmost frame of ours:\n\n");
            ours.forEach((place, n) -> md.append("- ").append(n).append(" × ").append(place).append('\n'));
            md.append('\n');
        }
        List<ThreadDump.DumpedThread> blocked = second.threads().stream().filter(ThreadDump.DumpedThread::blocked)
                .toList();
        if (!blocked.isEmpty()) {
            md.append("BLOCKED (second dump):\n\n");
            for (ThreadDump.DumpedThread thread : blocked.stream().limit(LISTED).toList()) {
                md.append("- `").append(thread.name()).append("` at ").append(thread.where());
                thread.locks().stream().limit(2).forEach(l -> md.append("; ").append(l));
                md.append('\n');
            }
            md.append('\n');
        }
        // while streams run, a live stream's threads rightly wait in our code for seconds; none should for a lock
        boolean running = dumps.when().equals("midway");
        List<ThreadDump.DumpedThread> stuck = running
                ? dumps.stuck().stream().filter(ThreadDump.DumpedThread::blocked).toList() : dumps.stuck();
        String kind = running ? "BLOCKED" : "in our code or BLOCKED";
        md.append(stuck.isEmpty() ? "No thread " + kind + " kept the same stack over the 5 s between the two dumps.\n\n"
                : "Threads " + kind + " with the same stack in both dumps, 5 s apart:\n\n");
        for (ThreadDump.DumpedThread thread : stuck.stream().limit(LISTED).toList()) {
            md.append("- `").append(thread.name()).append("` ").append(thread.state()).append("\n\n```\n");
            thread.frames().stream().limit(FRAMES).forEach(f -> md.append("at ").append(f).append('\n'));
            thread.locks().forEach(l -> md.append("- ").append(l).append('\n'));
            md.append("```\n\n");
        }
    }

    private static void leftovers(StringBuilder md, String when, Leftovers left) {
        if (left.clean()) {
            return;
        }
        md.append("### Left ").append(when).append(" (after waiting ").append(left.waitedMillis())
                .append(" ms)\n\n");
        if (left.failure() != null) {
            md.append("- ").append(left.failure()).append('\n');
        }
        left.ffmpegs().forEach(f -> md.append("- ffmpeg ").append(f).append('\n'));
        left.connections().stream().limit(LISTED).forEach(c -> md.append("- connection `").append(c).append("`\n"));
        md.append('\n');
    }

    private static void problems(StringBuilder md, List<StressStream> streams) {
        List<StressStream> broken = streams.stream().filter(s -> !s.problems.isEmpty()).toList();
        md.append("### Problems\n\n");
        if (broken.isEmpty()) {
            md.append("None: every stream kept the protocol.\n\n");
            return;
        }
        md.append(counted(broken.stream().flatMap(s -> s.problems.stream()).map(StressReport::kind).toList())
                .replaceFirst("^ ", "")).append("\n\n");
        for (StressStream s : broken.stream().limit(LISTED).toList()) {
            md.append("- `").append(s.key).append("` (").append(s.id == null ? "not started" : s.id).append(", ")
                    .append(s.ending == null ? "no ending" : s.ending.label).append("): ")
                    .append(String.join("; ", s.problems)).append("; heard: ").append(s.messages.stream()
                            .map(m -> m.getString("type", "?")).filter(t -> !t.equals("progress"))
                            .collect(Collectors.joining(", "))).append('\n');
        }
        if (broken.size() > LISTED) {
            md.append("- … and ").append(broken.size() - LISTED).append(" more in `streams.csv`\n");
        }
        md.append('\n');
    }

    // a problem without its numbers, so that like ones are counted together
    private static String kind(String problem) {
        return problem.replaceAll("[0-9]+", "#");
    }

    private static String csv(List<StressStream> streams) {
        var csv = new StringBuilder("actor,sequence,key,id,drawn,ending,refusal,seconds,chunks_sent,late_sends,"
                + "paused_s,pings,drop,reconnecting,live,destroyed,close_code,errors,messages,problems\n");
        for (StressStream s : streams) {
            csv.append(s.actor).append(',').append(s.sequence).append(',').append(s.key).append(',')
                    .append(s.id == null ? "" : s.id).append(',').append(s.planned.name()).append(',')
                    .append(s.ending == null ? "" : s.ending.name()).append(',')
                    .append(s.refusal == null ? s.connectFailure == null ? "" : "connect failed" : s.refusal)
                    .append(',').append(s.seconds).append(',').append(s.chunksSent).append(',')
                    .append(s.lateSends).append(',').append(f1(s.pausedNanos / 1e9)).append(',').append(s.pings)
                    .append(',').append(s.drop == StressStream.NOT_TRIED ? "" : Integer.toString(s.drop))
                    .append(',').append(s.count("reconnecting")).append(',').append(s.count("live")).append(',')
                    .append(s.count("destroyed")).append(',').append(s.closeCode).append(',')
                    .append(quote(String.join(" ", s.errorNames()))).append(',').append(s.messages.size())
                    .append(',').append(quote(String.join("; ", s.problems))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    private static String leftover(Leftovers left, List<String> items) {
        return left.failure() != null ? "unknown (" + left.failure() + ")" : Integer.toString(items.size());
    }

    private static String probe(StressResult r) {
        return r.probe().started() + " of " + r.probe().streams() + " started;" + counted(r.probe().answers())
                + (r.probe().failure() == null ? "" : "; " + r.probe().failure());
    }

    private static String deadlocks(StressResult r) {
        Dumps midway = r.midway();
        String atMidway = midway.failure() != null ? "midway: no dump (" + midway.failure() + ")"
                : midway.deadlock() ? "midway: DEADLOCK" : "midway: none";
        String atEnd = r.end().failure() != null ? "after: no dump" : r.end().deadlock() ? "after: DEADLOCK"
                : "after: none";
        return atMidway + ", " + atEnd;
    }

    private static <T> long count(List<T> items, Predicate<T> which) {
        return items.stream().filter(which).count();
    }

    // " A ×3, B ×1", most frequent first; empty for no items
    private static String counted(List<String> items) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(item, 1, Integer::sum));
        return counted(counts);
    }

    private static String counted(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> " " + e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String legend() {
        return """
                How to read it: each actor is a browser tab that streams for 3 to 40 s (drawn), sometimes pauses \
                (`pause`, 1 to 10 s with a `ping` every 5 s, `resume`), sometimes loses its RTMP publisher \
                (nginx-rtmp's `/control/drop/publisher`, once the stream sends frames, at least 8 s before its end), \
                then ends the drawn way and opens the next stream at once; when the time is up every actor stops the \
                stream it has. *Problems* are breaches of docs/protocol.md seen by one stream: no answer to `start`, \
                `destroyed` missing where it must come or heard twice, a close other than 1000 after a stop, no close \
                frame after `destroyed` or in answer to ours, `progress`/`live`/`reconnecting`/`started` after \
                `destroyed`, no STOPPED_BY_ADMIN before `destroyed` after an admin stop, the stream's ffmpeg still \
                a child of the relay when `destroyed` came, INTERNAL_ERROR. Errors the relay may rightly send under \
                load (QUEUE_FULL, RTMP_CONNECTION_FAILED, a timeout) end a stream *by the server*, which is then \
                checked like a stop. *Slot probe*: the relay runs with as many slots (`relay.maxFfmpegInstances`) \
                as the run has actors and a quarter more; after the run as many streams start at once, and each slot \
                a stream of the run kept refuses one of them with TOO_MANY_STREAMS.
                """;
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
