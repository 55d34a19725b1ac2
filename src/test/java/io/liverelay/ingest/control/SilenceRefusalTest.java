package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.ffmpeg.entity.FfmpegBinary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With an ffmpeg that lacks lavfi's anullsrc, a stream without sound is refused by name before any ffmpeg runs,
 * instead of failing in ffmpeg with an obscure error; a stream with sound needs neither and starts.
 */
class SilenceRefusalTest {

    @Test
    void onlyAStreamThatNeedsSilenceIsRefused() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            relay.binary = new FfmpegBinary(Path.of("ffmpeg"), "ffmpeg version 6.0", FfmpegBinary.Source.PATH,
                    List.of("lavfi", "anullsrc"));
            FakeSession silent = relay.connect();
            relay.text(silent, RelayUnderTest.start().replace("\"framerate\"", "\"audio\":false,\"framerate\""));
            awaitOrDump(() -> silent.count("\"FFMPEG_NO_SILENCE\"") == 1, "refused by name");
            assertEquals(List.of(), relay.processes, "no ffmpeg was started");

            FakeSession sound = relay.connect();
            relay.text(sound, RelayUnderTest.start());
            awaitOrDump(() -> sound.count("\"started\"") == 1, "a stream with sound starts");
            assertEquals(1, relay.processes.size());
        }
    }
}
