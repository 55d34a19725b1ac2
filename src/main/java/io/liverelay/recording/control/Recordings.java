package io.liverelay.recording.control;

import io.liverelay.recording.entity.Recording;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The recordings in the operator's directory. A recording is named after its stream's id; only such names are ever
 * listed, opened or deleted, and never through a link, so a name from a request cannot leave the directory.
 */
public final class Recordings {

    private static final Pattern NAME = Pattern.compile("^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.mp4$");

    private final Path dir;

    public Recordings(Path dir) {
        this.dir = dir;
    }

    /** The file name of a stream's recording. */
    public static String fileName(String streamId) {
        String name = streamId + ".mp4";
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a stream id: " + streamId);
        }
        return name;
    }

    /** Every recording, newest first. */
    public List<Recording> list() throws IOException {
        List<Recording> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                read(file).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(Recording::modified).reversed());
        return found;
    }

    /** The file of the recording with this name, when there is one. */
    public Optional<Path> file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /** Deletes the recording with this name; false when there is none. */
    public boolean delete(String name) throws IOException {
        Optional<Path> file = file(name);
        return file.isPresent() && Files.deleteIfExists(file.get());
    }

    /** Deletes the recordings last written before {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) throws IOException {
        int deleted = 0;
        for (Recording recording : list()) {
            if (recording.modified().isBefore(cutoff) && delete(recording.name())) {
                deleted++;
            }
        }
        return deleted;
    }

    private static Optional<Recording> read(Path file) {
        var matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Recording(file.getFileName().toString(), matcher.group(1), Files.size(file),
                    Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant()));
        } catch (IOException e) {
            return Optional.empty(); // deleted meanwhile
        }
    }
}
