package io.liverelay.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Reads codecs, sizes, packet counts, keyframes and embedded strings of a media file with ffprobe. */
public final class Ffprobe {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Ffprobe() {
    }

    public static MediaInfo probe(Path file) {
        JsonObject root = run(file, "-count_packets", "-show_streams", "-show_format");
        Optional<JsonObject> video = stream(root, "video");
        Optional<JsonObject> audio = stream(root, "audio");
        JsonObject format = root.getJsonObject("format");
        double duration = number(format, "duration")
                .or(() -> video.flatMap(v -> number(v, "duration")))
                .orElse(Double.NaN);
        long bitRate = video.flatMap(v -> number(v, "bit_rate")).or(() -> number(format, "bit_rate")).orElse(0.0).longValue();
        return new MediaInfo(
                video.map(v -> v.getString("codec_name", null)).orElse(null),
                video.map(v -> v.getInt("width", 0)).orElse(0),
                video.map(v -> v.getInt("height", 0)).orElse(0),
                video.flatMap(v -> number(v, "nb_read_packets")).orElse(0.0).longValue(),
                audio.map(a -> a.getString("codec_name", null)).orElse(null),
                audio.flatMap(a -> number(a, "sample_rate")).orElse(0.0).intValue(),
                audio.flatMap(a -> number(a, "nb_read_packets")).orElse(0.0).longValue(),
                duration,
                bitRate,
                root);
    }

    /** Presentation times (seconds) of the first video stream's keyframe packets, in file order. */
    public static List<Double> keyframeTimes(Path file) {
        JsonObject root = run(file, "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags");
        List<Double> times = new ArrayList<>();
        for (JsonValue value : root.getOrDefault("packets", JsonValue.EMPTY_JSON_ARRAY).asJsonArray()) {
            JsonObject packet = value.asJsonObject();
            if (packet.getString("flags", "").contains("K")) {
                number(packet, "pts_time").ifPresent(times::add);
            }
        }
        return times;
    }

    /** Presentation times (seconds) of every packet of the first video stream, and whether each is a keyframe. */
    public static List<Packet> videoPackets(Path file) {
        JsonObject root = run(file, "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags");
        List<Packet> packets = new ArrayList<>();
        for (JsonValue value : root.getOrDefault("packets", JsonValue.EMPTY_JSON_ARRAY).asJsonArray()) {
            JsonObject packet = value.asJsonObject();
            number(packet, "pts_time").ifPresent(t -> packets.add(new Packet(t,
                    packet.getString("flags", "").contains("K"))));
        }
        return packets;
    }

    /** Presentation times (seconds) of every packet of the first audio stream; all count as keyframes. */
    public static List<Packet> audioPackets(Path file) {
        JsonObject root = run(file, "-select_streams", "a:0", "-show_entries", "packet=pts_time,flags");
        List<Packet> packets = new ArrayList<>();
        for (JsonValue value : root.getOrDefault("packets", JsonValue.EMPTY_JSON_ARRAY).asJsonArray()) {
            number(value.asJsonObject(), "pts_time").ifPresent(t -> packets.add(new Packet(t, true)));
        }
        return packets;
    }

    /** One packet as ffprobe lists it. */
    public record Packet(double seconds, boolean keyframe) {
    }

    /** Whether the file's bytes contain the ASCII text anywhere, e.g. the x264 options SEI. */
    public static boolean containsBytes(Path file, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[Math.max(1 << 16, needle.length * 2)];
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer, kept, buffer.length - kept)) > 0; ) {
                int filled = kept + read;
                if (indexOf(buffer, filled, needle) >= 0) {
                    return true;
                }
                // keep the tail so a match spanning two reads is still found
                kept = Math.min(needle.length - 1, filled);
                System.arraycopy(buffer, filled - kept, buffer, 0, kept);
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // -v quiet keeps stdout pure JSON; -show_error puts a failure into that JSON instead
    private static JsonObject run(Path file, String... options) {
        List<String> command = new ArrayList<>(List.of(Tools.ffprobe().toString(), "-v", "quiet", "-show_error"));
        command.addAll(List.of(options));
        command.addAll(List.of("-of", "json", file.toAbsolutePath().toString()));
        ProcessResult result = Tools.run(TIMEOUT, command);
        JsonObject root;
        try (var reader = Json.createReader(new StringReader(result.output()))) {
            root = reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("ffprobe output is not JSON: " + result.describe(), e);
        }
        if (!result.succeeded() || root.containsKey("error")) {
            throw new AssertionError("ffprobe failed on " + file + ": " + root.getOrDefault("error", JsonValue.NULL)
                    + "\n" + result.describe());
        }
        return root;
    }

    private static Optional<JsonObject> stream(JsonObject root, String codecType) {
        return root.getOrDefault("streams", JsonValue.EMPTY_JSON_ARRAY).asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(s -> codecType.equals(s.getString("codec_type", "")))
                .findFirst();
    }

    // ffprobe writes most numbers as JSON strings, and "N/A" when unknown
    private static Optional<Double> number(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.getValueType() == JsonValue.ValueType.STRING
                ? object.getString(key) : value.toString();
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
