package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether an ffmpeg can make a silent track, read from its {@code -formats} and {@code -filters} listings as
 * releases print them (4.4's and 5.1's, and the device column later ones add), and asked of the machine's real
 * ffmpeg and of one that never answers.
 */
class FfmpegAbilitiesTest {

    private static final String FORMATS = """
            File formats:
             D. = Demuxing supported
             .E = Muxing supported
             --
             D  lavfi           Libavfilter virtual input device
             DE matroska,webm   Matroska / WebM
            """;
    private static final String FILTERS = """
            Filters:
              T.. = Timeline support
              ... = Filters
             ... anullsrc          |->A       Null audio source, return empty audio frames.
             TSC amix              N->A       Audio mixing.
            """;

    @Test
    void aListingWithBothLacksNothing() {
        assertEquals(List.of(), FfmpegAbilities.lackedForSilence(FORMATS, FILTERS));
    }

    @Test
    void aDeviceColumnOrAliasesStillName() {
        String later = " D d lavfi           Libavfilter virtual input device\n";
        String aliased = " D  foo,lavfi      an alias list\n";
        assertEquals(List.of(), FfmpegAbilities.lackedForSilence(later, FILTERS));
        assertEquals(List.of(), FfmpegAbilities.lackedForSilence(aliased, FILTERS));
    }

    @Test
    void whatIsMissingIsNamed() {
        String noLavfi = FORMATS.replace(" D  lavfi ", " D  other ");
        String noSilence = FILTERS.replace("anullsrc ", "anoisesrc ");
        assertEquals(List.of("lavfi"), FfmpegAbilities.lackedForSilence(noLavfi, FILTERS));
        assertEquals(List.of("anullsrc"), FfmpegAbilities.lackedForSilence(FORMATS, noSilence));
        assertEquals(List.of("lavfi", "anullsrc"), FfmpegAbilities.lackedForSilence("", ""));
    }

    @Test
    void onlyAnInputLavfiCountsAndOnlyAsAListedName() {
        String muxerOnly = "  E lavfi           an output only\n";
        String mentioned = " DE matroska       reads lavfi anullsrc too\n";
        assertEquals(List.of("lavfi"), FfmpegAbilities.lackedForSilence(muxerOnly, FILTERS));
        assertEquals(List.of("lavfi", "anullsrc"), FfmpegAbilities.lackedForSilence(mentioned, mentioned));
    }

    @Test
    void theMachinesFfmpegCanMakeSilence() {
        assertEquals(List.of(), FfmpegAbilities.lackedForSilence(ProcessLauncher.SYSTEM, Tools.ffmpeg(),
                Duration.ofSeconds(15)));
    }

    @Test
    void anFfmpegThatNeverAnswersIsGivenUpWithinTheWait() {
        ProcessLauncher silent = command -> new ProcessBuilder("sleep", "30").redirectErrorStream(true).start();
        long started = System.nanoTime();
        List<String> lacked = FfmpegAbilities.lackedForSilence(silent, Path.of("ffmpeg"), Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(List.of("lavfi", "anullsrc"), lacked, "nothing listed is nothing known");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "gave up after " + took.toMillis() + " ms");
    }
}
