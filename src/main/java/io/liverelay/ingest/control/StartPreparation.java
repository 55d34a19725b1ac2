package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegCommand;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ingest.entity.StartRequest;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamContext;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Everything between a browser's {@code start} and a command line to run, in the seed's order: the
 * browser's values, the application's hooks, the URL rule and checks, then the ffmpeg to use.
 */
final class StartPreparation {

    /** A start that passed every check: its settings, the ffmpeg command for them, and how to make it again. */
    record Prepared(StreamConfig config, List<String> command, CommandSource again) {
    }

    /** The command for a new ffmpeg after the RTMP server went away: the destination checked again first. */
    @FunctionalInterface
    interface CommandSource {
        List<String> command() throws RelayException;
    }

    private StartPreparation() {
    }

    static Prepared prepare(String streamId, StreamContext context, JsonObject json, StreamServices services)
            throws RelayException {
        StartRequest request = StartValidator.read(json,
                new StartRequest(streamId, context.remoteAddress(), context.principal(), context.parameters()));
        services.start().hooks().apply(request);
        StreamConfig config = services.start().validator().validate(request);
        if (config.destination().secure() && services.config().tlsVerify() && services.config().tlsCaFile().isEmpty()) {
            throw new RelayException(RelayError.RTMP_TLS_FAILED, "This server has no list of certificate authorities"
                    + " to check an RTMPS server against: its operator must set relay.tls.caFile.");
        }
        FfmpegBinary binary = services.start().locator().ffmpeg();
        CommandSource again = () -> command(binary,
                config.to(services.start().validator().checkAgain(config.destination(), request.rtmpFromServer())), services);
        return new Prepared(config, command(binary, config, services), again);
    }

    private static List<String> command(FfmpegBinary binary, StreamConfig config, StreamServices services) {
        return FfmpegCommand.builder(binary.path(), config)
                .release(binary.release())
                .preset(services.config().transcodePreset())
                .keyframeSeconds(services.config().keyframeSeconds())
                .rtmpTimeoutSeconds(services.config().rtmpTimeoutSeconds())
                .aacCoder(services.config().aacCoder())
                .seedReference(services.config().seedReferenceArguments())
                .tls(services.config().tlsVerify(), services.config().tlsCaFile().orElse(null))
                .build();
    }
}
