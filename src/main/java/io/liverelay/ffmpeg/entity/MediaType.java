package io.liverelay.ffmpeg.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A recorder's {@code mimeType}, read once into what the relay knows: the container ffmpeg must read and the
 * codecs the recorder named. Anything else is refused by name instead of guessed at from substrings: a type or
 * codec the relay does not know could only end as ffmpeg's failure, or pass unnoticed into its log.
 */
public record MediaType(Container container, Optional<Video> video, Optional<Audio> audio) {

    /** What ffmpeg reads: Matroska (WebM is Matroska) or MP4. */
    public enum Container {
        MATROSKA("matroska"), MP4("mp4");

        private final String ffmpegFormat;

        Container(String ffmpegFormat) {
            this.ffmpegFormat = ffmpegFormat;
        }

        /** ffmpeg's name for it, after {@code -f}. */
        public String ffmpegFormat() {
            return ffmpegFormat;
        }
    }

    /** Video codecs recorders make; only H.264 goes to RTMP as it is. */
    public enum Video {
        H264("avc1", "avc3", "h264"), VP8("vp8"), VP9("vp9", "vp09"), AV1("av1", "av01"), HEVC("hvc1", "hev1", "h265");

        private final List<String> names;

        Video(String... names) {
            this.names = List.of(names);
        }
    }

    /** Audio codecs recorders make; only AAC goes to RTMP as it is. */
    public enum Audio {
        OPUS("opus"), AAC("mp4a", "aac"), VORBIS("vorbis"), PCM("pcm");

        private final List<String> names;

        Audio(String... names) {
            this.names = List.of(names);
        }
    }

    /** A {@code mimeType} the relay cannot use; the message names the part and says what is known. */
    public static final class Unknown extends Exception {
        private static final long serialVersionUID = 1L;

        Unknown(String message) {
            super(message, null, false, false);
        }
    }

    private static final String KNOWN_TYPES = "video/webm, video/x-matroska, video/mp4 (or audio/…)";

    /**
     * Reads {@code type/subtype[;codecs=a,b]}, case-insensitive, the codecs' profile suffixes ({@code avc1.42E01F},
     * {@code mp4a.40.2}) allowed. At most one video and one audio codec.
     */
    public static MediaType parse(String mimeType) throws Unknown {
        String[] parts = mimeType.toLowerCase(Locale.ROOT).split(";", -1);
        Container container = container(parts[0].trim());
        Video video = null;
        Audio audio = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.isEmpty()) {
                continue;
            }
            if (!parameter.startsWith("codecs=")) {
                throw new Unknown("mimeType has a parameter the relay does not know (only codecs=…).");
            }
            for (String codec : codecs(parameter.substring("codecs=".length()))) {
                Optional<Video> v = video(codec);
                Optional<Audio> a = audio(codec);
                if (v.isPresent() && video == null) {
                    video = v.get();
                } else if (a.isPresent() && audio == null) {
                    audio = a.get();
                } else if (v.isPresent() || a.isPresent()) {
                    throw new Unknown("mimeType names more than one video or audio codec.");
                } else {
                    throw new Unknown("mimeType names a codec the relay does not know: \"" + printable(codec)
                            + "\" (known: avc1/h264, vp8, vp9, av1, hevc; opus, mp4a/aac, vorbis, pcm).");
                }
            }
        }
        return new MediaType(container, Optional.ofNullable(video), Optional.ofNullable(audio));
    }

    /** H.264 is copied; any other video, or none named, is encoded to H.264. */
    public VideoMode videoMode() {
        return video.filter(v -> v == Video.H264).isPresent() ? VideoMode.COPY : VideoMode.TRANSCODE;
    }

    /** The recorder makes AAC: it goes to RTMP as it is, without a decode and an encode. */
    public boolean audioIsAac() {
        return audio.filter(a -> a == Audio.AAC).isPresent();
    }

    /**
     * The recorder named its codecs and no audio among them ({@code video/webm;codecs=vp8}): the recording has no
     * sound. A type without codecs ({@code video/webm}) says nothing either way.
     */
    public boolean namesNoAudio() {
        return video.isPresent() && audio.isEmpty();
    }

    private static Container container(String type) throws Unknown {
        int slash = type.indexOf('/');
        String top = slash < 0 ? type : type.substring(0, slash);
        String sub = slash < 0 ? "" : type.substring(slash + 1);
        if (top.equals("video") || top.equals("audio")) {
            switch (sub) {
                case "webm", "x-matroska", "matroska" -> {
                    return Container.MATROSKA;
                }
                case "mp4" -> {
                    return Container.MP4;
                }
                default -> {
                    // below
                }
            }
        }
        throw new Unknown("mimeType is not a recording the relay can read: \"" + printable(type) + "\" (known: "
                + KNOWN_TYPES + ").");
    }

    private static List<String> codecs(String value) {
        String list = value.trim();
        if (list.length() >= 2 && list.startsWith("\"") && list.endsWith("\"")) {
            list = list.substring(1, list.length() - 1);
        }
        List<String> codecs = new ArrayList<>();
        for (String codec : list.split(",", -1)) {
            codecs.add(codec.trim());
        }
        return codecs;
    }

    private static Optional<Video> video(String codec) {
        String name = base(codec);
        for (Video v : Video.values()) {
            if (v.names.contains(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static Optional<Audio> audio(String codec) {
        String name = base(codec);
        for (Audio a : Audio.values()) {
            if (a.names.contains(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The codec's name without its profile suffix: {@code avc1.42E01F} is {@code avc1}. */
    private static String base(String codec) {
        int dot = codec.indexOf('.');
        return dot < 0 ? codec : codec.substring(0, dot);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^a-z0-9./+-]", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
    }
}
