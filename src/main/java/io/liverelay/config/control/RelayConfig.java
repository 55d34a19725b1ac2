package io.liverelay.config.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Every option of the relay, read once at start-up; docs/configuration.md documents each name. */
@ApplicationScoped
public class RelayConfig {

    private static final long MIB = 1024 * 1024;

    private Optional<String> ffmpegPath;
    private boolean sendFfmpegOutput;
    private boolean sendErrorDetails;
    private long queueMaxBytes;
    private Duration stopGrace;
    private Duration terminateGrace;
    private int maxBinaryMessageBytes;
    private int maxTextMessageBytes;
    private String transcodePreset;
    private int keyframeSeconds;
    private boolean seedReferenceArguments;
    private Optional<String> demoRtmpUrl;
    private Optional<String> demoSinkDir;

    @PostConstruct
    void read() {
        read(new Settings());
    }

    void read(Settings settings) {
        ffmpegPath = settings.string("relay.ffmpeg.path");
        sendFfmpegOutput = settings.bool("relay.clientLogs.sendFfmpegOutput", false);
        sendErrorDetails = settings.bool("relay.clientLogs.sendErrorDetails", false);
        queueMaxBytes = settings.number("relay.queue.maxBytes", 16 * MIB, 64 * 1024, 1024 * MIB);
        stopGrace = Duration.ofSeconds(settings.number("relay.stop.graceSeconds", 5, 1, 300));
        terminateGrace = Duration.ofSeconds(settings.number("relay.stop.terminateSeconds", 3, 1, 60));
        maxBinaryMessageBytes = (int) settings.number("relay.ws.maxBinaryMessageBytes", 4 * MIB, 64 * 1024, 64 * MIB);
        maxTextMessageBytes = (int) settings.number("relay.ws.maxTextMessageBytes", 64 * 1024, 1024, MIB);
        transcodePreset = settings.string("relay.transcode.preset").orElse("veryfast");
        keyframeSeconds = (int) settings.number("relay.transcode.keyframeSeconds", 2, 1, 10);
        seedReferenceArguments = settings.bool("relay.bench.seedArguments", false);
        demoRtmpUrl = settings.string("relay.demo.rtmpUrl");
        demoSinkDir = settings.string("relay.demo.sinkDir");
    }

    public Optional<String> ffmpegPath() {
        return ffmpegPath;
    }

    public boolean sendFfmpegOutput() {
        return sendFfmpegOutput;
    }

    public boolean sendErrorDetails() {
        return sendErrorDetails;
    }

    public long queueMaxBytes() {
        return queueMaxBytes;
    }

    public Duration stopGrace() {
        return stopGrace;
    }

    public Duration terminateGrace() {
        return terminateGrace;
    }

    public int maxBinaryMessageBytes() {
        return maxBinaryMessageBytes;
    }

    public int maxTextMessageBytes() {
        return maxTextMessageBytes;
    }

    public String transcodePreset() {
        return transcodePreset;
    }

    public int keyframeSeconds() {
        return keyframeSeconds;
    }

    /** Benchmarks only: encode every stream with the seed's exact ffmpeg arguments. */
    public boolean seedReferenceArguments() {
        return seedReferenceArguments;
    }

    /** The RTMP URL the demo page suggests; unset outside the demo. */
    public Optional<String> demoRtmpUrl() {
        return demoRtmpUrl;
    }

    /** Where the demo's local sink leaves preview.jpg; unset outside the demo. */
    public Optional<String> demoSinkDir() {
        return demoSinkDir;
    }
}
