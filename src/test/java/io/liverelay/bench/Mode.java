package io.liverelay.bench;

import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What is measured: which recording the browsers send, which server relays it (ours or the naive floor), to how
 * many destinations, and whether our server runs the seed's ffmpeg arguments.
 */
enum Mode {
    PASSTHROUGH("passthrough", "H.264/Opus Matroska in, H.264 copied", MediaFixtures::h264Opus, false),
    NAIVE("naive", "the floor: H.264/Opus Matroska piped by a naive WebSocket server into `ffmpeg -i - -c:v copy "
            + "-c:a aac -f flv`", MediaFixtures::h264Opus, false, Server.NAIVE, 1),
    PASSTHROUGH_2DEST("passthrough-2dest", "H.264/Opus Matroska in, H.264 copied, to 2 destinations",
            MediaFixtures::h264Opus, false, Server.RELAY, 2),
    PASSTHROUGH_3DEST("passthrough-3dest", "H.264/Opus Matroska in, H.264 copied, to 3 destinations",
            MediaFixtures::h264Opus, false, Server.RELAY, 3),
    PASSTHROUGH_AAC("passthrough-aac", "H.264/AAC fragmented MP4 in, both copied", MediaFixtures::h264AacMp4,
            false),
    TRANSCODE("transcode", "VP8/Opus WebM in, our libx264 settings", MediaFixtures::vp8Opus, false),
    SEED_H264("seed-h264", "H.264/Opus in, the seed's arguments (re-encodes)", MediaFixtures::h264Opus, true),
    SEED_VP8("seed-vp8", "VP8/Opus in, the seed's arguments", MediaFixtures::vp8Opus, true);

    /** Which WebSocket server the browsers stream to. */
    enum Server {
        /** The relay's WAR on Payara Micro. */
        RELAY,
        /** {@link NaiveRelayEndpoint} alone on Payara Micro: the floor the issue compares us with. */
        NAIVE
    }

    final String id;
    final String description;
    final Supplier<Fixture> fixture;
    final boolean seedArguments;
    final Server server;
    /** RTMP URLs per stream: 1 is a plain string in {@code start}, more a list (one nginx key each). */
    final int destinations;

    Mode(String id, String description, Supplier<Fixture> fixture, boolean seedArguments) {
        this(id, description, fixture, seedArguments, Server.RELAY, 1);
    }

    Mode(String id, String description, Supplier<Fixture> fixture, boolean seedArguments, Server server,
            int destinations) {
        this.id = id;
        this.description = description;
        this.fixture = fixture;
        this.seedArguments = seedArguments;
        this.server = server;
        this.destinations = destinations;
    }

    /** Light enough to run by the dozen. */
    boolean copiesVideo() {
        return this != TRANSCODE && this != SEED_H264 && this != SEED_VP8;
    }

    /** Whether {@link FfmpegCost} can rebuild this mode's ffmpeg command: only our relay's, one destination. */
    boolean hasCostBreakdown() {
        return server == Server.RELAY && destinations == 1;
    }

    static Mode byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode " + id + "; one of "
                        + Arrays.stream(values()).map(m -> m.id).toList()));
    }
}
