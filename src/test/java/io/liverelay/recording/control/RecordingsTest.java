package io.liverelay.recording.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only files named after a stream are recordings: nothing else in the directory, or outside it, is reachable. */
class RecordingsTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @TempDir
    Path dir;

    @Test
    void aRecordingIsNamedAfterItsStream() {
        assertEquals(ID + ".mp4", Recordings.fileName(ID));
        assertThrows(IllegalArgumentException.class, () -> Recordings.fileName("../etc/passwd"));
    }

    @Test
    void onlyRecordingsAreListedNewestFirst() throws IOException {
        Files.write(dir.resolve(ID + ".mp4"), new byte[10]);
        Files.write(dir.resolve(OTHER + ".mp4"), new byte[20]);
        Files.setLastModifiedTime(dir.resolve(ID + ".mp4"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.write(dir.resolve("notes.txt"), new byte[1]);
        Files.createSymbolicLink(dir.resolve("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.mp4"), Path.of("/etc/hostname"));

        assertEquals(List.of(OTHER, ID), new Recordings(dir).list().stream().map(r -> r.streamId()).toList());
        assertEquals(20, new Recordings(dir).list().get(0).bytes());
    }

    @Test
    void aNameFromOutsideNeverLeavesTheDirectory() throws IOException {
        Recordings recordings = new Recordings(dir);
        for (String name : new String[] {"../" + ID + ".mp4", "/etc/passwd", ID + ".mp4/..", "", null,
                "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.mp4"}) {
            assertTrue(recordings.file(name).isEmpty(), String.valueOf(name));
        }
        Files.createSymbolicLink(dir.resolve("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.mp4"), Path.of("/etc/hostname"));
        assertTrue(recordings.file("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.mp4").isEmpty(), "a link is not followed");
        assertFalse(recordings.delete("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.mp4"));
    }

    @Test
    void oldRecordingsAreDeletedAndNewOnesKept() throws IOException {
        Files.write(dir.resolve(ID + ".mp4"), new byte[10]);
        Files.write(dir.resolve(OTHER + ".mp4"), new byte[10]);
        Files.setLastModifiedTime(dir.resolve(ID + ".mp4"), FileTime.from(Instant.now().minus(Duration.ofDays(31))));

        assertEquals(1, new Recordings(dir).deleteOlderThan(Instant.now().minus(Duration.ofDays(30))));
        assertFalse(Files.exists(dir.resolve(ID + ".mp4")));
        assertTrue(Files.exists(dir.resolve(OTHER + ".mp4")));
    }
}
