package io.liverelay.media.control;

import java.util.List;
import java.util.Optional;

/**
 * What a TrackEntry says that a continuing recording must say alike: its blocks name the track by number and are
 * decoded as the first recording's tracks. Not the TrackUID (a new recorder draws a new one) nor CodecPrivate.
 * Width and height are 0 unless it is video; channels and sampling frequency 0 unless it is audio.
 */
public record MatroskaTrack(long number, long type, String codec, long width, long height, long channels,
        double samplingFrequency) {

    public static final long VIDEO = 1;
    public static final long AUDIO = 2;

    private static final int TRACK_NUMBER = 0xD7;
    private static final int TRACK_TYPE = 0x83;
    private static final int CODEC_ID = 0x86;
    private static final int VIDEO_SETTINGS = 0xE0;
    private static final int PIXEL_WIDTH = 0xB0;
    private static final int PIXEL_HEIGHT = 0xBA;
    private static final int AUDIO_SETTINGS = 0xE1;
    private static final int CHANNELS = 0x9F;
    private static final int SAMPLING_FREQUENCY = 0xB5;

    /** A TrackEntry of a head; empty without a number, type or codec. */
    static Optional<MatroskaTrack> read(byte[] head, EbmlElement entry) {
        List<EbmlElement> fields = entry.children(head).orElse(List.of());
        long number = unsigned(head, fields, TRACK_NUMBER, -1);
        long type = unsigned(head, fields, TRACK_TYPE, -1);
        Optional<String> codec = EbmlElement.first(fields, CODEC_ID).map(id -> id.string(head));
        if (number < 0 || type < 0 || codec.isEmpty()) {
            return Optional.empty();
        }
        List<EbmlElement> video = settings(head, fields, type == VIDEO ? VIDEO_SETTINGS : -1);
        List<EbmlElement> audio = settings(head, fields, type == AUDIO ? AUDIO_SETTINGS : -1);
        double frequency = type != AUDIO ? 0 : EbmlElement.first(audio, SAMPLING_FREQUENCY)
                .map(field -> field.floating(head).orElse(Double.NaN)).orElse(8000.0); // Matroska's default
        return Optional.of(new MatroskaTrack(number, type, codec.get(), unsigned(head, video, PIXEL_WIDTH, 0),
                unsigned(head, video, PIXEL_HEIGHT, 0), unsigned(head, audio, CHANNELS, type == AUDIO ? 1 : 0),
                frequency));
    }

    /** For a sentence: "video track 2". */
    public String name() {
        String kind = type == VIDEO ? "video" : type == AUDIO ? "audio" : "type " + type;
        return kind + " track " + number;
    }

    /** For a sentence: "V_VP8 640x480", "A_OPUS 2 ch 48000 Hz". */
    public String describe() {
        if (type == VIDEO) {
            return codec + " " + width + "x" + height;
        }
        if (type == AUDIO) {
            String hertz = samplingFrequency == Math.rint(samplingFrequency) ? String.valueOf((long) samplingFrequency)
                    : String.valueOf(samplingFrequency);
            return codec + " " + channels + " ch " + hertz + " Hz";
        }
        return codec;
    }

    private static List<EbmlElement> settings(byte[] head, List<EbmlElement> fields, int id) {
        return EbmlElement.first(fields, id).flatMap(settings -> settings.children(head)).orElse(List.of());
    }

    private static long unsigned(byte[] head, List<EbmlElement> fields, int id, long otherwise) {
        return EbmlElement.first(fields, id).map(field -> field.unsigned(head).orElse(-1)).orElse(otherwise);
    }
}
