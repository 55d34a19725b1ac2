package io.liverelay.demo.control;

import io.liverelay.demo.entity.SinkStatus.Audio;
import io.liverelay.demo.entity.SinkStatus.Video;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ffmpeg's description of its input from the sink's log: the last {@code Input #0} block and its
 * {@code Stream #0:n: Video: …} and {@code Audio: …} lines, as ffmpeg 5 to 7 print them.
 */
public final class SinkLog {

    private static final String INPUT = "Input #0";
    private static final Pattern VIDEO = Pattern.compile(
            "^\\s*Stream #0:\\d+\\S*: Video: (?<codec>[\\w-]+)(?: \\((?<profile>[^)]*)\\))?.*?, (?<w>\\d{1,5})x(?<h>\\d{1,5})");
    private static final Pattern FPS = Pattern.compile(", (?<fps>\\d+(?:\\.\\d+)?) fps");
    private static final Pattern AUDIO = Pattern.compile(
            "^\\s*Stream #0:\\d+\\S*: Audio: (?<codec>[\\w-]+)(?: \\((?<profile>[^)]*)\\))?.*?, (?<rate>\\d+) Hz, (?<channels>[^,]+)");

    private final Optional<Video> video;
    private final Optional<Audio> audio;

    private SinkLog(Optional<Video> video, Optional<Audio> audio) {
        this.video = video;
        this.audio = audio;
    }

    /** Parses the last input description in the log text; empty parts when there is none. */
    public static SinkLog parse(String log) {
        int start = log.lastIndexOf(INPUT);
        if (start < 0) {
            return new SinkLog(Optional.empty(), Optional.empty());
        }
        Optional<Video> video = Optional.empty();
        Optional<Audio> audio = Optional.empty();
        String[] lines = log.substring(start).split("\\R");
        // the block is the header line and the indented lines below it
        for (int i = 1; i < lines.length && (lines[i].startsWith(" ") || lines[i].startsWith("\t")); i++) {
            String line = lines[i];
            Matcher v = VIDEO.matcher(line);
            if (video.isEmpty() && v.find()) {
                Matcher fps = FPS.matcher(line);
                video = Optional.of(new Video(v.group("codec"), Optional.ofNullable(v.group("profile")).orElse(""),
                        Integer.parseInt(v.group("w")), Integer.parseInt(v.group("h")),
                        fps.find() ? Double.parseDouble(fps.group("fps")) : 0));
                continue;
            }
            Matcher a = AUDIO.matcher(line);
            if (audio.isEmpty() && a.find()) {
                audio = Optional.of(new Audio(a.group("codec"), Optional.ofNullable(a.group("profile")).orElse(""),
                        Integer.parseInt(a.group("rate")), a.group("channels").trim()));
            }
        }
        return new SinkLog(video, audio);
    }

    public Optional<Video> video() {
        return video;
    }

    public Optional<Audio> audio() {
        return audio;
    }
}
