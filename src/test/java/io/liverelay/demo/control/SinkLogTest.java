package io.liverelay.demo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.demo.entity.SinkStatus.Audio;
import io.liverelay.demo.entity.SinkStatus.Video;
import org.junit.jupiter.api.Test;

class SinkLogTest {

    // what ffmpeg 5.1 printed in bin/run's sink for two streams, the second one from Chromium
    static final String LOG = """
            ffmpeg stats and -progress period set to 1.
            Input #0, flv, from 'rtmp://127.0.0.1:1935/live/demo':
              Metadata:
                encoder         : Lavf59.27.100
              Duration: 00:00:00.00, start: 0.046000, bitrate: N/A
              Stream #0:0: Video: h264 (High), yuv420p(progressive), 640x480 [SAR 1:1 DAR 4:3], 30 fps, 30 tbr, 1k tbn
              Stream #0:1: Audio: aac (LC), 48000 Hz, mono, fltp, 69 kb/s
            Output #0, flv, to 'last-stream.flv':
              Stream #0:0: Video: h264 (High) ([7][0][0][0] / 0x0007), yuv420p(progressive), 320x240, q=2-31, 25 fps
            Input #0, flv, from 'rtmp://127.0.0.1:1935/live/demo':
              Metadata:
                encoder         : Lavf61.7.100
              Duration: 00:00:00.00, start: 0.000000, bitrate: N/A
              Stream #0:0: Audio: aac (LC), 44100 Hz, stereo, fltp, 128 kb/s
              Stream #0:1: Video: h264 (Constrained Baseline), yuv420p(tv, bt709, progressive), 1280x720, 29.97 fps, 30 tbr, 1k tbn
            Output #0, flv, to 'last-stream.flv':
              Stream #0:0: Video: h264, 1920x1080, 60 fps
            """;

    @Test
    void theLastInputIsDescribed() {
        SinkLog log = SinkLog.parse(LOG);

        assertEquals(new Video("h264", "Constrained Baseline", 1280, 720, 29.97), log.video().orElseThrow());
        assertEquals(new Audio("aac", "LC", 44100, "stereo"), log.audio().orElseThrow());
    }

    @Test
    void aLogWithoutInputDescribesNothing() {
        SinkLog log = SinkLog.parse("ffmpeg stats and -progress period set to 1.\n");

        assertTrue(log.video().isEmpty());
        assertTrue(log.audio().isEmpty());
    }

    @Test
    void videoWithoutSoundHasNoAudio() {
        SinkLog log = SinkLog.parse("""
                Input #0, flv, from 'rtmp://127.0.0.1:1935/live/demo':
                  Stream #0:0: Video: h264 (High), yuv420p(progressive), 1920x1080, 60 fps, 60 tbr, 1k tbn
                [flv @ 0x1] something else
                  Stream #0:1: Audio: aac (LC), 44100 Hz, stereo, fltp
                """);

        assertEquals(new Video("h264", "High", 1920, 1080, 60), log.video().orElseThrow());
        assertTrue(log.audio().isEmpty(), "a line after the block is not part of it");
    }
}
