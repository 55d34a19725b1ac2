package io.liverelay.bench;

import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import java.util.Arrays;
import java.util.function.Supplier;

/** What is measured: which recording the browsers send and whether the server runs the seed's ffmpeg arguments. */
enum Mode {
    PASSTHROUGH("passthrough", "H.264/Opus Matroska in, H.264 copied", MediaFixtures::h264Opus, false),
    PASSTHROUGH_AAC("passthrough-aac", "H.264/AAC fragmented MP4 in, both copied", MediaFixtures::h264AacMp4,
            false),
    TRANSCODE("transcode", "VP8/Opus WebM in, our libx264 settings", MediaFixtures::vp8Opus, false),
    SEED_H264("seed-h264", "H.264/Opus in, the seed's arguments (re-encodes)", MediaFixtures::h264Opus, true),
    SEED_VP8("seed-vp8", "VP8/Opus in, the seed's arguments", MediaFixtures::vp8Opus, true);

    final String id;
    final String description;
    final Supplier<Fixture> fixture;
    final boolean seedArguments;

    Mode(String id, String description, Supplier<Fixture> fixture, boolean seedArguments) {
        this.id = id;
        this.description = description;
        this.fixture = fixture;
        this.seedArguments = seedArguments;
    }

    /** Light enough to run by the dozen. */
    boolean copiesVideo() {
        return this == PASSTHROUGH || this == PASSTHROUGH_AAC;
    }

    static Mode byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode " + id + "; one of "
                        + Arrays.stream(values()).map(m -> m.id).toList()));
    }
}
