package io.liverelay.media.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recording's tracks and timestamp scale, read from its head: a second recording may continue the first in the
 * same ffmpeg only if they agree, since ffmpeg decodes the second's blocks with what the first one's head said.
 */
public record MatroskaTracks(long timestampScale, List<MatroskaTrack> tracks) {

    private static final int INFO = 0x1549A966;
    private static final int TIMESTAMP_SCALE = 0x2AD7B1;
    private static final int TRACKS = 0x1654AE6B;
    private static final int TRACK_ENTRY = 0xAE;
    private static final long DEFAULT_SCALE = 1_000_000;

    public MatroskaTracks {
        tracks = List.copyOf(tracks);
    }

    /** The tracks a head (the bytes before the first cluster) declares; empty when it has no readable Tracks. */
    public static Optional<MatroskaTracks> read(byte[] head) {
        Optional<EbmlElement> segment = EbmlElement.first(EbmlElement.children(head, 0, head.length),
                MatroskaScanner.SEGMENT);
        List<EbmlElement> children = segment.map(s -> EbmlElement.children(head, s.start(), s.end()))
                .orElse(List.of());
        long scale = EbmlElement.first(children, INFO).flatMap(info -> info.children(head))
                .flatMap(info -> EbmlElement.first(info, TIMESTAMP_SCALE))
                .map(field -> field.unsigned(head).orElse(-1)).orElse(DEFAULT_SCALE);
        Optional<List<EbmlElement>> entries = EbmlElement.first(children, TRACKS).flatMap(t -> t.children(head));
        if (entries.isEmpty() || scale <= 0) {
            return Optional.empty();
        }
        List<MatroskaTrack> tracks = new ArrayList<>();
        for (EbmlElement entry : entries.get()) {
            if (entry.id() == TRACK_ENTRY) {
                Optional<MatroskaTrack> track = MatroskaTrack.read(head, entry);
                if (track.isEmpty()) {
                    return Optional.empty();
                }
                tracks.add(track.get());
            }
        }
        return Optional.of(new MatroskaTracks(scale, tracks));
    }

    /**
     * Empty when this recording can continue {@code first}; otherwise what differs, in a sentence such as "video
     * track 2 was V_MPEG4/ISO/AVC 1280x720, is V_VP8 640x480" (several joined with "; ").
     */
    public Optional<String> differenceFrom(MatroskaTracks first) {
        List<String> differences = new ArrayList<>();
        if (timestampScale != first.timestampScale()) {
            differences.add("the timestamp scale was " + first.timestampScale() + " ns, is " + timestampScale + " ns");
        }
        Map<Long, MatroskaTrack> now = new LinkedHashMap<>();
        tracks.forEach(track -> now.putIfAbsent(track.number(), track));
        for (MatroskaTrack was : first.tracks()) {
            MatroskaTrack is = now.remove(was.number());
            if (is == null) {
                differences.add(was.name() + " is missing");
            } else if (!is.equals(was)) {
                differences.add(was.name() + " was " + was.describe() + ", is "
                        + (is.type() == was.type() ? "" : is.name() + " ") + is.describe());
            }
        }
        now.values().forEach(is -> differences.add(is.name() + " is new: " + is.describe()));
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }
}
