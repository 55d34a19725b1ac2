package io.liverelay.ingest.control;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ingest.entity.StartRequest;
import io.liverelay.ffmpeg.entity.MediaType;
import io.liverelay.ffmpeg.entity.StreamConfig;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a start's settings from the browser's JSON (wrong types are refused at once), and, once the hooks
 * have run, checks them: the required values ({@code rtmp}, {@code framerate}, {@code audioSampleRate}) are
 * present, every number is in range, and the destination is accepted.
 */
public final class StartValidator {

    static final String DEFAULT_MIME_TYPE = "video/webm";
    private static final Pattern MIME_TYPE = Pattern.compile("^(video|audio)/[a-z0-9.+-]+(;[ a-z0-9=,.\"-]*)?$",
            Pattern.CASE_INSENSITIVE);

    /** A numeric start setting: its name on the wire, its default and its range, in one place. */
    private record Field(String name, int fallback, int min, int max) {
    }

    private static final Field FRAMERATE = new Field("framerate", 30, 1, 120);
    private static final Field SAMPLE_RATE = new Field("audioSampleRate", 44100, 8000, 96000);
    private static final Field AUDIO_BITS = new Field("audioBitsPerSecond", 128_000, 8_000, 512_000);
    private static final Field VIDEO_BITS = new Field("videoBitsPerSecond", 2_500_000, 100_000, 50_000_000);

    /** More than any server allows, so that a list from a stranger is refused before anything is done with it. */
    static final int MOST_DESTINATIONS_READ = 100;

    private final DestinationPolicy destinations;
    private final Optional<Pattern> clientUrlRule;
    private final int maxDestinations;

    public StartValidator(DestinationPolicy destinations) {
        this(destinations, Optional.empty(), 5);
    }

    /**
     * {@code clientUrlRule}: the seed's {@code rtmpUrlRegexp}, for URLs the browser chose; {@code maxDestinations}:
     * how many destinations one stream may have, the browser's and the hooks' together.
     */
    public StartValidator(DestinationPolicy destinations, Optional<Pattern> clientUrlRule, int maxDestinations) {
        this.destinations = destinations;
        this.clientUrlRule = clientUrlRule;
        this.maxDestinations = maxDestinations;
    }

    /** Copies the browser's values into the request, refusing values of the wrong type. */
    public static StartRequest read(JsonObject config, StartRequest request) throws RelayException {
        List<String> rtmp = urls(config, "rtmp");
        if (rtmp.isEmpty()) {
            rtmp = urls(config, "rtmpUrl");
        }
        String mimeType = text(config, "mimeType");
        if (mimeType != null && (mimeType.length() > 128 || !MIME_TYPE.matcher(mimeType).matches())) {
            throw invalid("mimeType is not a media type such as video/webm;codecs=vp8,opus.");
        }
        request.fromClient(rtmp, mimeType, number(config, FRAMERATE), number(config, SAMPLE_RATE),
                number(config, AUDIO_BITS), number(config, VIDEO_BITS), flag(config, "audio"));
        return request;
    }

    /** For a start without hooks: reads and checks in one go. */
    public StreamConfig validate(JsonObject config) throws RelayException {
        return validate(read(config, new StartRequest("", "", null, Map.of())));
    }

    public StreamConfig validate(StartRequest request) throws RelayException {
        List<StartRequest.Requested> requested = request.destinations();
        for (int i = 0; i < requested.size(); i++) {
            StartRequest.Requested one = requested.get(i);
            if (clientUrlRule.isPresent() && one.url() != null && !one.fromServer()
                    && !clientUrlRule.get().matcher(one.url()).find()) {
                throw new RelayException(RelayError.RTMP_URL_REJECTED, which(i, requested.size())
                        + "RTMP URL rejected: this server does not publish to that destination.");
            }
        }
        if (requested.size() > maxDestinations) {
            throw invalid("A stream may have at most " + maxDestinations + " destinations, not " + requested.size()
                    + " (relay.maxDestinationsPerStream).");
        }
        List<String> missing = new ArrayList<>();
        if (requested.isEmpty()) {
            missing.add("rtmp");
        }
        if (request.framerate().isEmpty()) {
            missing.add("framerate");
        }
        if (request.audioSampleRate().isEmpty()) {
            missing.add("audioSampleRate");
        }
        if (!missing.isEmpty()) {
            throw invalid("Missing " + String.join(", ", missing) + ".");
        }
        int framerate = range(FRAMERATE, request.framerate());
        int sampleRate = range(SAMPLE_RATE, request.audioSampleRate());
        int audioBits = range(AUDIO_BITS, request.audioBitsPerSecond());
        int videoBits = range(VIDEO_BITS, request.videoBitsPerSecond());
        String mimeType = request.mimeType().orElse(DEFAULT_MIME_TYPE);
        MediaType media;
        try {
            media = MediaType.parse(mimeType); // the one reading of it: what it cannot read is refused by name
        } catch (MediaType.Unknown e) {
            throw invalid(e.getMessage());
        }
        List<Destination> checked = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            StartRequest.Requested one = requested.get(i);
            if (one.url() == null) {
                throw invalid(which(i, requested.size()) + "rtmp is empty.");
            }
            try {
                checked.add(destinations.check(one.url(), one.fromServer()));
            } catch (RelayException e) {
                throw new RelayException(e.error(), which(i, requested.size()) + e.getMessage());
            }
        }
        for (int i = 1; i < checked.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (checked.get(i).uri().equals(checked.get(j).uri())) {
                    throw invalid(which(i, checked.size()) + "it is the same as destination " + (j + 1) + ".");
                }
            }
        }
        // a browser that did not say has sound unless its mimeType says otherwise: the seed's clients never said
        boolean audio = request.audio().orElse(true);
        return new StreamConfig(checked, mimeType, framerate, sampleRate, audioBits, videoBits, media, audio);
    }

    /** Names a destination in an error when there are several: "Destination 2 of 3: ". */
    private static String which(int index, int count) {
        return count < 2 ? "" : "Destination " + (index + 1) + " of " + count + ": ";
    }

    /** Before a reconnect: the destination's host resolved and checked again, for the address to connect to now. */
    public Destination checkAgain(Destination destination, boolean trusted) throws RelayException {
        return destinations.check(destination.uri().toString(), trusted);
    }

    /** A URL, or a list of them for several destinations. */
    private static List<String> urls(JsonObject config, String name) throws RelayException {
        JsonValue value = config.get(name);
        if (!(value instanceof JsonArray)) {
            String one = text(config, name);
            return one == null ? List.of() : List.of(one);
        }
        JsonArray list = (JsonArray) value;
        if (list.isEmpty() || list.size() > MOST_DESTINATIONS_READ) {
            throw invalid(name + " must be a URL or a list of 1 to " + MOST_DESTINATIONS_READ + " URLs.");
        }
        List<String> urls = new ArrayList<>();
        for (JsonValue each : list) {
            if (!(each instanceof JsonString)) {
                throw invalid(name + " must be a list of strings.");
            }
            urls.add(((JsonString) each).getString());
        }
        return urls;
    }

    private static String text(JsonObject config, String name) throws RelayException {
        JsonValue value = config.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString)) {
            throw invalid(name + " must be a string.");
        }
        return ((JsonString) value).getString();
    }

    private static Boolean flag(JsonObject config, String name) throws RelayException {
        JsonValue value = config.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw invalid(name + " must be true or false.");
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    private static Double number(JsonObject config, Field field) throws RelayException {
        JsonValue value = config.get(field.name());
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber)) {
            throw outOfRange(field);
        }
        return ((JsonNumber) value).doubleValue();
    }

    private static int range(Field field, Optional<Double> value) throws RelayException {
        if (value.isEmpty()) {
            return field.fallback();
        }
        double number = value.get();
        if (Double.isNaN(number) || number < field.min() || number > field.max()) {
            throw outOfRange(field);
        }
        return (int) Math.round(number);
    }

    private static RelayException outOfRange(Field field) {
        return invalid(field.name() + " must be a number from " + field.min() + " to " + field.max() + ".");
    }

    private static RelayException invalid(String message) {
        return new RelayException(RelayError.INVALID_PARAMETERS, "Invalid start settings: " + message);
    }
}
