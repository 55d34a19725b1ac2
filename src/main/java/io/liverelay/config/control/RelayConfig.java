package io.liverelay.config.control;

import io.liverelay.config.entity.AacCoder;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Every option of the relay, read once at start-up; docs/configuration.md documents each name. */
@ApplicationScoped
public class RelayConfig {

    private static final long MIB = 1024 * 1024;

    private Optional<String> ffmpegPath;
    private int maxFfmpegInstances;
    private int maxTranscodes;
    private Optional<Pattern> rtmpUrlRegexp;
    private String serverLogLevel;
    private List<String> allowedOrigins;
    private int maxConnections;
    private int maxConnectionsPerAddress;
    private List<String> trustedProxies;
    private String clientAddressHeader;
    private List<String> metricsAllowedAddresses;
    private List<String> allowedDestinationHosts;
    private Duration idleTimeout;
    private Duration mediaTimeout;
    private Duration maxPause;
    private Duration resumeGrace;
    private int reconnectAttempts;
    private Duration reconnectMaxDelay;
    private long reconnectBufferBytes;
    private boolean sendFfmpegOutput;
    private boolean sendErrorDetails;
    private long queueMaxBytes;
    private int maxDestinationsPerStream;
    private Optional<String> recordingDir;
    private int recordingMaxAgeDays;
    private long recordingMaxBytes;
    private int recordingMaxSeconds;
    private long destinationBacklogBytes;
    private Duration stopGrace;
    private Duration terminateGrace;
    private int maxBinaryMessageBytes;
    private int maxTextMessageBytes;
    private String transcodePreset;
    private int keyframeSeconds;
    private int rtmpTimeoutSeconds;
    private AacCoder aacCoder;
    private boolean seedReferenceArguments;
    private Optional<String> demoRtmpUrl;
    private Optional<String> demoSinkDir;
    private boolean tlsVerify;
    private Optional<String> tlsCaFile;

    @PostConstruct
    void read() {
        read(new Settings());
    }

    /** Reads every option from the given settings; public for tests and embedders. */
    public void read(Settings settings) {
        ffmpegPath = settings.string("relay.ffmpeg.path");
        maxFfmpegInstances = (int) settings.number("relay.maxFfmpegInstances", 50, 0, 100_000);
        // measured: a 2-core server keeps 4 transcodes in real time, not 5 (BENCHMARKS.md)
        maxTranscodes = (int) settings.number("relay.maxTranscodes",
                2L * Runtime.getRuntime().availableProcessors(), 0, 100_000);
        rtmpUrlRegexp = settings.string("relay.rtmpUrlRegexp").map(RelayConfig::compile);
        serverLogLevel = settings.string("relay.serverLogs.minLevel").orElse("info");
        allowedOrigins = list(settings, "relay.ws.allowedOrigins");
        maxConnections = (int) settings.number("relay.ws.maxConnections", 500, 0, 1_000_000);
        maxConnectionsPerAddress = (int) settings.number("relay.ws.maxConnectionsPerAddress", 10, 0, 1_000_000);
        trustedProxies = list(settings, "relay.ws.trustedProxies");
        clientAddressHeader = settings.string("relay.ws.clientAddressHeader").orElse("X-Forwarded-For");
        metricsAllowedAddresses = list(settings, "relay.metrics.allowedAddresses");
        allowedDestinationHosts = list(settings, "relay.destinations.allowedHosts");
        reconnectAttempts = (int) settings.number("relay.reconnect.attempts", 5, 0, 100);
        reconnectMaxDelay = Duration.ofSeconds(settings.number("relay.reconnect.maxDelaySeconds", 10, 1, 300));
        reconnectBufferBytes = settings.number("relay.reconnect.bufferBytes", 8 * MIB, 64 * 1024, 1024 * MIB);
        idleTimeout = Duration.ofSeconds(settings.number("relay.ws.idleTimeoutSeconds", 300, 0, 86_400));
        mediaTimeout = Duration.ofSeconds(settings.number("relay.mediaTimeoutSeconds", 15, 0, 3_600));
        maxPause = Duration.ofSeconds(settings.number("relay.maxPauseSeconds", 600, 0, 86_400));
        resumeGrace = Duration.ofSeconds(settings.number("relay.resume.graceSeconds", 30, 0, 600));
        sendFfmpegOutput = settings.bool("relay.clientLogs.sendFfmpegOutput", false);
        sendErrorDetails = settings.bool("relay.clientLogs.sendErrorDetails", false);
        queueMaxBytes = settings.number("relay.queue.maxBytes", 16 * MIB, 64 * 1024, 1024 * MIB);
        maxDestinationsPerStream = (int) settings.number("relay.maxDestinationsPerStream", 5, 1, 20);
        recordingDir = settings.string("relay.recording.dir");
        recordingMaxAgeDays = (int) settings.number("relay.recording.maxAgeDays", 30, 1, 3650);
        recordingMaxBytes = settings.number("relay.recording.maxBytes", 4096 * MIB, MIB, 1024L * 1024 * MIB);
        recordingMaxSeconds = (int) settings.number("relay.recording.maxSeconds", 12 * 3600, 60, 7 * 24 * 3600);
        destinationBacklogBytes = settings.number("relay.destination.backlogBytes", 4 * MIB, 64 * 1024, 256 * MIB);
        stopGrace = Duration.ofSeconds(settings.number("relay.stop.graceSeconds", 5, 1, 300));
        terminateGrace = Duration.ofSeconds(settings.number("relay.stop.terminateSeconds", 3, 1, 60));
        maxBinaryMessageBytes = (int) settings.number("relay.ws.maxBinaryMessageBytes", 2 * MIB, 64 * 1024, 64 * MIB);
        maxTextMessageBytes = (int) settings.number("relay.ws.maxTextMessageBytes", 64 * 1024, 1024, MIB);
        transcodePreset = settings.string("relay.transcode.preset").orElse("veryfast");
        keyframeSeconds = (int) settings.number("relay.transcode.keyframeSeconds", 2, 1, 10);
        rtmpTimeoutSeconds = (int) settings.number("relay.rtmp.timeoutSeconds", 15, 1, 600);
        aacCoder = settings.string("relay.audio.aacCoder").map(RelayConfig::aacCoder).orElse(AacCoder.FAST);
        seedReferenceArguments = settings.bool("relay.bench.seedArguments", false);
        demoRtmpUrl = settings.string("relay.demo.rtmpUrl");
        demoSinkDir = settings.string("relay.demo.sinkDir");
        tlsVerify = settings.bool("relay.tls.verify", true);
        tlsCaFile = settings.string("relay.tls.caFile").map(RelayConfig::readable).or(TrustedAuthorities::systemBundle);
    }

    private static String readable(String file) {
        if (!Files.isRegularFile(Path.of(file)) || !Files.isReadable(Path.of(file))) {
            throw new IllegalArgumentException("relay.tls.caFile is not a readable file: " + file);
        }
        return file;
    }

    private static List<String> list(Settings settings, String name) {
        return settings.string(name)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList())
                .orElse(List.of());
    }

    private static AacCoder aacCoder(String value) {
        return AacCoder.of(value).orElseThrow(() -> new IllegalArgumentException("relay.audio.aacCoder must be one of "
                + Arrays.stream(AacCoder.values()).map(AacCoder::argument).toList() + ", not " + value));
    }

    private static Pattern compile(String regexp) {
        try {
            return Pattern.compile(regexp);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("relay.rtmpUrlRegexp is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }

    /** Whether ffmpeg checks an RTMPS server's certificate (chain and name); on unless the operator turned it off. */
    public boolean tlsVerify() {
        return tlsVerify;
    }

    /** The certificate authorities RTMPS servers are checked against: relay.tls.caFile, else the system's bundle. */
    public Optional<String> tlsCaFile() {
        return tlsCaFile;
    }

    public Optional<String> ffmpegPath() {
        return ffmpegPath;
    }

    /** Most ffmpeg processes at once; 0 means no limit. */
    public int maxFfmpegInstances() {
        return maxFfmpegInstances;
    }

    /** Most streams at once whose video is re-encoded; 0 means no limit. */
    public int maxTranscodes() {
        return maxTranscodes;
    }

    /** A client-supplied RTMP URL must contain a match (as the seed's {@code RegExp.test}); anchor it to be strict. */
    public Optional<Pattern> rtmpUrlRegexp() {
        return rtmpUrlRegexp;
    }

    /** The seed's level names: silly, trace, debug, info, warn, error, fatal. */
    public String serverLogLevel() {
        return serverLogLevel;
    }

    /** Origins allowed to open the WebSocket; empty allows any. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Hosts, addresses or CIDR ranges a browser may publish to although they are loopback, private or
     * link-local (e.g. a local nginx-rtmp); empty allows only public addresses.
     */
    /** Most WebSockets open at once; 0: no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most WebSockets open at once from one client address (IPv6: one /64); 0: no limit. */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** Reverse proxies (addresses, ranges) whose {@link #clientAddressHeader()} names the client; empty: none. */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** The header a trusted proxy puts the client address in, {@code X-Forwarded-For} by default. */
    public String clientAddressHeader() {
        return clientAddressHeader;
    }

    /** Addresses and ranges that may read {@code /metrics} without logging in; empty: operators only. */
    public List<String> metricsAllowedAddresses() {
        return metricsAllowedAddresses;
    }

    public List<String> allowedDestinationHosts() {
        return allowedDestinationHosts;
    }

    /** Tries to reach the RTMP server again after it went away mid-stream; 0 never retries. */
    public int reconnectAttempts() {
        return reconnectAttempts;
    }

    /** The longest wait between two tries; waits double from 1 s up to it. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** Media held per stream while it reconnects; beyond it media is dropped, and counted. */
    public long reconnectBufferBytes() {
        return reconnectBufferBytes;
    }

    /** A connection with no message for this long is closed; zero never closes. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * A running stream (not paused) that sends no media for this long is ended with {@code MEDIA_TIMEOUT}: its
     * browser vanished or its page stopped recording. Zero never ends it.
     */
    public Duration mediaTimeout() {
        return mediaTimeout;
    }

    /** A stream paused for longer than this is ended with {@code PAUSE_TIMEOUT}. Zero lets a pause last forever. */
    public Duration maxPause() {
        return maxPause;
    }

    /**
     * How long a stream whose connection was lost (not closed by the page) waits for its browser to come back and
     * resume it; its destinations stay connected meanwhile. Zero ends a stream with its connection, as the seed does.
     */
    public Duration resumeGrace() {
        return resumeGrace;
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

    /** Where every stream is recorded on the server (fragmented MP4); empty: no recording. Never from a browser. */
    public Optional<String> recordingDir() {
        return recordingDir;
    }

    /** Recordings older than this many days are deleted. */
    public int recordingMaxAgeDays() {
        return recordingMaxAgeDays;
    }

    /** One recording stops growing at this size; the stream goes on. */
    public long recordingMaxBytes() {
        return recordingMaxBytes;
    }

    /** One recording stops after this many seconds; the stream goes on. */
    public int recordingMaxSeconds() {
        return recordingMaxSeconds;
    }

    /** How many destinations one stream may publish to at once. */
    public int maxDestinationsPerStream() {
        return maxDestinationsPerStream;
    }

    /**
     * Media waiting for one destination of several: past it that destination skips to the next keyframe, so that
     * one slow RTMP server neither holds up the others nor grows the relay's memory.
     */
    public long destinationBacklogBytes() {
        return destinationBacklogBytes;
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

    /** How long ffmpeg may stay blocked on the RTMP server before it gives up (and the relay reconnects). */
    public int rtmpTimeoutSeconds() {
        return rtmpTimeoutSeconds;
    }

    /** ffmpeg's AAC coder for audio the relay encodes. */
    public AacCoder aacCoder() {
        return aacCoder;
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
