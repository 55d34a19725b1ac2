package io.liverelay.bench;

import io.liverelay.destination.entity.Destination;
import io.liverelay.ffmpeg.control.FfmpegCommand;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a relay ffmpeg's CPU goes: the command the relay builds for a mode (from {@link FfmpegCommand} itself),
 * run on the mode's recording as fast as it goes, whole and then with only its video or only its audio, with
 * ffmpeg's own {@code -benchmark} accounting (getrusage). CPU-s per minute of media.
 */
final class FfmpegCost {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");

    private FfmpegCost() {
    }

    /** {"whole": s, "video only": s, "audio only": s} in CPU-s per media minute. */
    static Map<String, Double> perMediaMinute(Mode mode, Path media, double seconds) {
        StreamConfig config = new StreamConfig(new Destination(URI.create("rtmp://127.0.0.1/live/cost"), "cost"),
                mode.fixture.get().mimeType(), 30, 48000, 128000, 2500000);
        List<String> relay = FfmpegCommand.builder(Tools.ffmpeg(), config)
                .seedReference(mode.seedArguments).build();
        Map<String, Double> cost = new LinkedHashMap<>();
        cost.put("whole", run(variant(relay, media, seconds, null), seconds));
        cost.put("video only", run(variant(relay, media, seconds, "-an"), seconds));
        cost.put("audio only", run(variant(relay, media, seconds, "-vn"), seconds));
        return cost;
    }

    // the relay's arguments with the file for stdin, -t for the length, /dev/null for the RTMP URL
    private static List<String> variant(List<String> relay, Path media, double seconds, String drop) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < relay.size() - 1; i++) {
            String arg = relay.get(i);
            if (arg.equals("pipe:0")) {
                arg = media.toString();
            }
            args.add(arg);
            if (i == 0) {
                args.addAll(List.of("-nostdin", "-benchmark", "-t", Double.toString(seconds)));
            }
        }
        if (drop != null) {
            args.add(drop);
        }
        args.addAll(List.of("-y", "/dev/null"));
        return args;
    }

    private static double run(List<String> command, double seconds) {
        ProcessResult result = Tools.run(TIMEOUT, command).requireSuccess();
        Matcher bench = BENCH.matcher(result.output());
        if (!bench.find()) {
            throw new IllegalStateException("no -benchmark line from ffmpeg: " + result.describe());
        }
        double cpu = Double.parseDouble(bench.group(1)) + Double.parseDouble(bench.group(2));
        return cpu / (seconds / 60.0);
    }
}
