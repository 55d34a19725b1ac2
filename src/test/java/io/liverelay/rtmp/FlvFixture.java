package io.liverelay.rtmp;

import io.liverelay.media.control.FlvReader;
import io.liverelay.media.entity.FlvTag;
import io.liverelay.testsupport.MediaFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the relay's first ffmpeg writes, made once per build: 10 s of testsrc2 at 1280x720 and 30 fps, x264 with a
 * keyframe every 2 s, and a sine tone in AAC, as FLV; read into tags as the fan-out will read them.
 */
record FlvFixture(Path path, List<FlvTag> tags) {

    static final double SECONDS = 10;
    private static final List<String> ARGS = List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-map", "0:v", "-map", "1:a", "-t", "10", "-threads", "2",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "60", "-sc_threshold", "0",
            "-b:v", "2500k", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-f", "flv");

    static FlvFixture load() {
        Path file = MediaFixtures.generateOnce(MediaFixtures.directory()
                .resolve("testsrc2-sine-" + Integer.toHexString(ARGS.hashCode()) + ".flv"), ARGS, Duration.ofMinutes(2));
        List<FlvTag> tags = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            var reader = new FlvReader(in, 4 << 20);
            for (FlvTag tag; (tag = reader.next()) != null; ) {
                tags.add(tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FlvFixture(file, List.copyOf(tags));
    }

    /** Video frames: AVC NAL unit tags, not the codec header nor the end-of-sequence tag ffmpeg's muxer ends with. */
    long frames() {
        return tags.stream().filter(FlvFixture::isFrame).count();
    }

    static boolean isFrame(FlvTag tag) {
        return tag.video() && tag.data().length > 1 && tag.data()[1] == 1;
    }
}
