package io.liverelay.ingest.control;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.RelayException;
import io.liverelay.ingest.entity.StreamConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a start's settings: the required values ({@code rtmp}, {@code framerate}, {@code audioSampleRate})
 * are present, every number is in range, the mime type is plausible, and the destination is accepted.
 */
public final class StartValidator {

    static final String DEFAULT_MIME_TYPE = "video/webm";
    private static final Pattern MIME_TYPE = Pattern.compile("^(video|audio)/[a-z0-9.+-]+(;[ a-z0-9=,.\"-]*)?$",
            Pattern.CASE_INSENSITIVE);

    private final DestinationPolicy destinations;

    public StartValidator(DestinationPolicy destinations) {
        this.destinations = destinations;
    }

    public StreamConfig validate(JsonObject config) throws RelayException {
        List<String> missing = new ArrayList<>();
        String rtmp = text(config, "rtmp");
        if (rtmp == null) {
            rtmp = text(config, "rtmpUrl");
        }
        if (rtmp == null) {
            missing.add("rtmp");
        }
        if (!config.containsKey("framerate")) {
            missing.add("framerate");
        }
        if (!config.containsKey("audioSampleRate")) {
            missing.add("audioSampleRate");
        }
        if (!missing.isEmpty()) {
            throw invalid("Missing " + String.join(", ", missing) + ".");
        }
        String mimeType = text(config, "mimeType");
        if (mimeType == null) {
            mimeType = DEFAULT_MIME_TYPE;
        } else if (mimeType.length() > 128 || !MIME_TYPE.matcher(mimeType).matches()) {
            throw invalid("mimeType is not a media type such as video/webm;codecs=vp8,opus.");
        }
        int framerate = number(config, "framerate", 30, 1, 120);
        int sampleRate = number(config, "audioSampleRate", 44100, 8000, 96000);
        int audioBits = number(config, "audioBitsPerSecond", 128_000, 8_000, 512_000);
        int videoBits = number(config, "videoBitsPerSecond", 2_500_000, 100_000, 50_000_000);
        return new StreamConfig(destinations.check(rtmp), mimeType, framerate, sampleRate, audioBits, videoBits);
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

    private static int number(JsonObject config, String name, int fallback, int min, int max)
            throws RelayException {
        JsonValue value = config.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (!(value instanceof JsonNumber)) {
            throw invalid(name + " must be a number from " + min + " to " + max + ".");
        }
        double number = ((JsonNumber) value).doubleValue();
        if (Double.isNaN(number) || number < min || number > max) {
            throw invalid(name + " must be a number from " + min + " to " + max + ".");
        }
        return (int) Math.round(number);
    }

    private static RelayException invalid(String message) {
        return new RelayException(RelayError.INVALID_PARAMETERS, "Invalid start settings: " + message);
    }
}
