package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegCommand;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ingest.entity.RelayException;
import io.liverelay.ingest.entity.StartRequest;
import io.liverelay.ingest.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamContext;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Everything between a browser's {@code start} and a command line to run, in the seed's order: the
 * browser's values, the application's hooks, the URL rule and checks, then the ffmpeg to use.
 */
final class StartPreparation {

    /** A start that passed every check: its settings and the ffmpeg command for them. */
    record Prepared(StreamConfig config, List<String> command) {
    }

    private StartPreparation() {
    }

    static Prepared prepare(String streamId, StreamContext context, JsonObject json, StreamServices services)
            throws RelayException {
        StartRequest request = StartValidator.read(json,
                new StartRequest(streamId, context.remoteAddress(), context.principal(), context.parameters()));
        services.hooks().apply(request);
        StreamConfig config = services.validator().validate(request);
        FfmpegBinary binary = services.locator().ffmpeg();
        List<String> command = FfmpegCommand.builder(binary.path(), config)
                .release(binary.release())
                .preset(services.config().transcodePreset())
                .keyframeSeconds(services.config().keyframeSeconds())
                .rtmpTimeoutSeconds(services.config().rtmpTimeoutSeconds())
                .aacCoder(services.config().aacCoder())
                .seedReference(services.config().seedReferenceArguments())
                .build();
        return new Prepared(config, command);
    }
}
