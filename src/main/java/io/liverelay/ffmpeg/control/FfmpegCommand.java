package io.liverelay.ffmpeg.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.config.entity.AacCoder;
import io.liverelay.ffmpeg.entity.AacSampleRates;
import io.liverelay.ffmpeg.entity.FfmpegVersion;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ffmpeg.entity.VideoMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ffmpeg command line for one stream, as an immutable list. ffmpeg reads the recorder's container on
 * stdin, reports progress on stdout, and publishes FLV to the destination. H.264 and AAC are copied; any other
 * video is encoded with libx264 at the client's frame rate and bitrate cap with a fixed keyframe interval, any
 * other audio (Opus) with ffmpeg's AAC encoder at the client's bitrate and sample rate. A recording without sound
 * gets a silent track from a second input, encoded the same way.
 */
public final class FfmpegCommand {

    static final Set<String> X264_PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    private FfmpegCommand() {
    }

    public static Builder builder(Path ffmpeg, StreamConfig config) {
        return new Builder(ffmpeg, config);
    }

    /**
     * A recording on the server: the relay's FLV on stdin, copied into fragmented MP4 (a fragment per keyframe, the
     * index up front), so that whatever was written is playable even when the relay dies mid-stream. Capped in size
     * and time; progress on stdout.
     */
    public static List<String> recording(Path ffmpeg, Path file, long maxBytes, int maxSeconds) {
        String target = file.toAbsolutePath().toString();
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("a recording goes to an absolute path");
        }
        return List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "level+info", "-nostats", "-stats_period", "1",
                "-progress", "pipe:1", "-f", "flv", "-i", "pipe:0", "-map", "0:v?", "-map", "0:a?", "-c", "copy",
                "-fs", Long.toString(maxBytes), "-t", Integer.toString(maxSeconds),
                "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-y", target);
    }

    public static final class Builder {
        private final Path ffmpeg;
        private final StreamConfig config;
        private String preset = "veryfast";
        private int keyframeSeconds = 2;
        private boolean seedReference;
        private int rtmpTimeoutSeconds = 15;
        private AacCoder aacCoder = AacCoder.FAST;
        private FfmpegVersion release = FfmpegVersion.FPS_MODE;
        private boolean tlsVerify = true;
        private String caFile;
        private boolean toPipe;

        private Builder(Path ffmpeg, StreamConfig config) {
            this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder preset(String preset) {
            if (!X264_PRESETS.contains(preset)) {
                throw new IllegalArgumentException("unknown x264 preset: " + preset);
            }
            this.preset = preset;
            return this;
        }

        public Builder keyframeSeconds(int seconds) {
            if (seconds < 1 || seconds > 10) {
                throw new IllegalArgumentException("keyframe interval must be 1 to 10 s, not " + seconds);
            }
            this.keyframeSeconds = seconds;
            return this;
        }

        /** ffmpeg's AAC coder for audio that is encoded (not AAC already). */
        public Builder aacCoder(AacCoder coder) {
            this.aacCoder = Objects.requireNonNull(coder, "coder");
            return this;
        }

        /**
         * How an RTMPS server's certificate is checked: against {@code caFile}'s authorities and the URL's host name,
         * unless {@code verify} is false (the operator's opt-out). Without a file nothing can be trusted.
         */
        public Builder tls(boolean verify, String caFile) {
            this.tlsVerify = verify;
            this.caFile = caFile;
            return this;
        }

        /** The release of the ffmpeg that will run the command: a few options were renamed over the years. */
        public Builder release(FfmpegVersion release) {
            this.release = Objects.requireNonNull(release, "release");
            return this;
        }

        /** How long one write to (or read from) the RTMP server may block before ffmpeg gives up on it. */
        public Builder rtmpTimeoutSeconds(int seconds) {
            if (seconds < 1 || seconds > 600) {
                throw new IllegalArgumentException("RTMP timeout must be 1 to 600 s, not " + seconds);
            }
            this.rtmpTimeoutSeconds = seconds;
            return this;
        }

        /**
         * For benchmarks only: the exact encoding arguments of the system we rebuild (always libx264
         * ultrafast at CRF 25, AAC at 44 kb/s), whatever the browser sent, to compare against.
         */
        public Builder seedReference(boolean seedReference) {
            this.seedReference = seedReference;
            return this;
        }

        /**
         * The first of a stream with several destinations: ffmpeg converts once and writes FLV to stdout (the relay
         * passes its tags on), its progress on stderr with its log.
         */
        public Builder toPipe() {
            this.toPipe = true;
            return this;
        }

        public List<String> build() {
            if (toPipe) {
                List<String> args = new ArrayList<>(browserMedia("pipe:2"));
                args.addAll(config.videoMode() == VideoMode.COPY ? List.of("-c:v", "copy") : transcodeVideo());
                args.addAll(audio());
                // written in full 32 KiB buffers (about 0.1 s of a 2.5 Mbit/s stream), not a write per packet:
                // the relay's reader and every destination's sender wake and write once per buffer
                args.addAll(List.of("-f", "flv", "-flvflags", "no_duration_filesize", "-flush_packets", "0", "pipe:1"));
                return List.copyOf(args);
            }
            String destination = checkedDestination();
            List<String> args = new ArrayList<>(browserMedia("pipe:1"));
            if (seedReference) {
                args.addAll(seedArguments());
                args.addAll(rtmpTimeout());
                args.addAll(connection());
                args.add(destination);
                return List.copyOf(args);
            }
            if (config.videoMode() == VideoMode.COPY) {
                args.addAll(List.of("-c:v", "copy"));
            } else {
                args.addAll(transcodeVideo());
            }
            args.addAll(audio());
            args.addAll(List.of("-f", "flv", "-flvflags", "no_duration_filesize"));
            args.addAll(rtmpTimeout());
            args.addAll(connection());
            args.add(destination);
            return List.copyOf(args);
        }

        private String checkedDestination() {
            String destination = config.destination().secret();
            if (destination.startsWith("-")) {
                throw new IllegalArgumentException("a destination never starts with '-'");
            }
            return destination;
        }

        /**
         * What every command begins with: quiet but levelled logs, progress each second, the input on stdin. Without
         * {@code -fpsprobesize 0} ffmpeg reads 20 frames to guess a frame rate that MP4 (and Chrome's Matroska) do not
         * state: 0.67 s more before the first picture; timestamps are copied or -r is set.
         */
        private List<String> start(String progress, String inputFormat, List<String> inputOptions) {
            List<String> args = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "level+info",
                    "-nostats", "-stats_period", "1", "-progress", progress, "-fpsprobesize", "0"));
            args.addAll(inputOptions);
            args.addAll(List.of("-f", inputFormat, "-i", "pipe:0"));
            return args;
        }

        /**
         * The browser's recording on stdin and the streams taken from it. Without sound, silence from lavfi is the
         * second input: ffmpeg reads the input whose stream is furthest behind, so the live pipe paces it, and
         * {@code -shortest} ends the output with the pictures. The video is not optional then: silence alone would
         * never end. With two inputs each has a reading thread; 64 packets take a burst of chunks where the
         * default 8 would block the pipe's and log a warning.
         */
        private List<String> browserMedia(String progress) {
            if (!config.silentAudio()) {
                List<String> args = new ArrayList<>(start(progress, config.inputFormat(), List.of()));
                args.addAll(List.of("-map", "0:v:0?", "-map", "0:a:0?"));
                return args;
            }
            List<String> args = new ArrayList<>(start(progress, config.inputFormat(),
                    List.of("-thread_queue_size", "64")));
            args.addAll(List.of("-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=" + aacSampleRate(),
                    "-map", "0:v:0", "-map", "1:a:0", "-shortest"));
            return args;
        }

        private int aacSampleRate() {
            return AacSampleRates.nearest(config.audioSampleRate());
        }

        /**
         * ffmpeg connects to the checked address (in the URL) and keeps the name where the protocol needs it: the
         * tcUrl RTMP servers route by, and, over TLS, the server name and the certificate's name.
         */
        private List<String> connection() {
            Destination to = config.destination();
            List<String> args = new ArrayList<>(List.of("-rtmp_tcurl", to.tcUrl()));
            if (to.secure()) {
                args.addAll(List.of("-verifyhost", to.host()));
                if (tlsVerify) {
                    if (caFile == null || caFile.startsWith("-")) {
                        throw new IllegalArgumentException("checking certificates needs a CA file");
                    }
                    args.addAll(List.of("-tls_verify", "1", "-ca_file", caFile));
                }
            }
            return args;
        }

        /**
         * AAC from the recorder is copied: re-encoding it would cost most of a copied stream's CPU. Added silence is
         * encoded like any other sound.
         */
        private List<String> audio() {
            if (config.audioIsAac() && !config.silentAudio()) {
                return List.of("-c:a", "copy");
            }
            return List.of("-c:a", "aac", "-aac_coder", aacCoder.argument(),
                    "-b:a", Integer.toString(config.audioBitsPerSecond()),
                    "-ar", Integer.toString(aacSampleRate()));
        }

        /** A stalled ingest must end ffmpeg (and so start a reconnect), never hold it forever. */
        private List<String> rtmpTimeout() {
            return List.of("-rw_timeout", Long.toString(rtmpTimeoutSeconds * 1_000_000L));
        }

        private List<String> seedArguments() {
            String fps = Integer.toString(config.framerate());
            return List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                    "-r", fps, "-g", Integer.toString(config.framerate() * 2), "-keyint_min", "25", "-crf", "25",
                    "-pix_fmt", "yuv420p", "-sc_threshold", "0", "-profile:v", "main", "-level", "3.1",
                    "-c:a", "aac", "-b:a", "44k", "-ar", "44100", "-f", "flv");
        }

        private List<String> transcodeVideo() {
            String fps = Integer.toString(config.framerate());
            String gop = Integer.toString(config.framerate() * keyframeSeconds);
            String bitrate = Integer.toString(config.videoBitsPerSecond());
            String buffer = Integer.toString(config.videoBitsPerSecond() * 2);
            // browsers record variable frame rates; FLV would keep them and stretch the keyframe interval
            String constantRate = release.atLeast(FfmpegVersion.FPS_MODE) ? "-fps_mode" : "-vsync";
            return List.of("-c:v", "libx264", "-preset", preset, "-tune", "zerolatency",
                    constantRate, "cfr", "-r", fps, "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                    "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", buffer,
                    "-pix_fmt", "yuv420p");
        }
    }
}
