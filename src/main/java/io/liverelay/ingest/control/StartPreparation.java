package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegCommand;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ingest.entity.StartRequest;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamContext;
import io.liverelay.destination.entity.Destination;
import io.liverelay.recording.control.Recordings;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything between a browser's {@code start} and a command line to run, in the seed's order: the
 * browser's values, the application's hooks, the URL rule and checks, then the ffmpeg to use.
 */
final class StartPreparation {

    /**
     * A start that passed every check: its settings, the ffmpeg command for them, and how to make it again. With
     * several destinations the command converts to a pipe, each route is one destination the relay publishes to
     * itself, and {@code tls} is how RTMPS servers' certificates are checked (null when none is RTMPS).
     */
    record Prepared(StreamConfig config, List<String> command, CommandSource again, List<Route> routes,
            SSLSocketFactory tls, List<String> recording) {

        /** Whether the relay passes the converted stream on itself: several destinations, or a recording. */
        boolean fanout() {
            return routes.size() > 1 || recording != null;
        }
    }

    /** One destination of several, and how to check it again (its name resolved anew) before a reconnect. */
    record Route(Destination destination, DestinationLink.Recheck again) {
    }

    /** The command for a new ffmpeg after the RTMP server went away: the destination checked again first. */
    @FunctionalInterface
    interface CommandSource {
        List<String> command() throws RelayException;
    }

    private static final Logger LOG = System.getLogger(StartPreparation.class.getName());

    private StartPreparation() {
    }

    static Prepared prepare(String streamId, StreamContext context, JsonObject json, StreamServices services)
            throws RelayException {
        StartRequest request = StartValidator.read(json,
                new StartRequest(streamId, context.remoteAddress(), context.principal(), context.parameters()));
        services.start().hooks().apply(request);
        StreamConfig config = services.start().validator().validate(request);
        boolean secure = config.destinations().stream().anyMatch(Destination::secure);
        if (secure && services.start().tls().factory().isEmpty()) {
            throw new RelayException(RelayError.RTMP_TLS_FAILED, "This server has no list of certificate authorities"
                    + " to check an RTMPS server against: its operator must set relay.tls.caFile.");
        }
        FfmpegBinary binary = services.start().locator().ffmpeg();
        if (config.silentAudio() && !binary.addsSilence()) {
            // refused here by name: ffmpeg itself would fail with an obscure "Unknown input format: 'lavfi'"
            throw new RelayException(RelayError.FFMPEG_NO_SILENCE, RelayError.FFMPEG_NO_SILENCE.summary());
        }
        List<StartRequest.Requested> requested = request.destinations();
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < config.destinations().size(); i++) {
            Destination destination = config.destinations().get(i);
            boolean trusted = requested.get(i).fromServer();
            routes.add(new Route(destination, () -> services.start().validator().checkAgain(destination, trusted)));
        }
        List<String> recording = recording(streamId, request, binary, services);
        if (config.simulcast() || recording != null) {
            return new Prepared(config, builder(binary, config, services).toPipe().build(), null, List.copyOf(routes),
                    secure ? services.start().tls().factory().orElseThrow() : null, recording);
        }
        CommandSource again = () -> builder(binary, config.to(services.start().validator().checkAgain(
                config.destination(), request.rtmpFromServer())), services).build();
        return new Prepared(config, builder(binary, config, services).build(), again, List.copyOf(routes), null,
                null);
    }

    /** The command that records the stream into the operator's directory, unless none is set or a hook said no. */
    private static List<String> recording(String streamId, StartRequest request, FfmpegBinary binary,
            StreamServices services) throws RelayException {
        if (services.config().recordingDir().isEmpty() || !request.record().orElse(true)) {
            return null;
        }
        try {
            Path dir = Files.createDirectories(Path.of(services.config().recordingDir().get()));
            return FfmpegCommand.recording(binary.path(), dir.resolve(Recordings.fileName(streamId)),
                    services.config().recordingMaxBytes(), services.config().recordingMaxSeconds());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "The recording directory (relay.recording.dir) cannot be used", e);
            throw new RelayException(RelayError.INTERNAL_ERROR, RelayError.INTERNAL_ERROR.summary());
        }
    }

    private static FfmpegCommand.Builder builder(FfmpegBinary binary, StreamConfig config, StreamServices services) {
        return FfmpegCommand.builder(binary.path(), config)
                .release(binary.release())
                .preset(services.config().transcodePreset())
                .keyframeSeconds(services.config().keyframeSeconds())
                .rtmpTimeoutSeconds(services.config().rtmpTimeoutSeconds())
                .aacCoder(services.config().aacCoder())
                .seedReference(services.config().seedReferenceArguments())
                .tls(services.config().tlsVerify(), services.config().tlsCaFile().orElse(null));
    }
}
