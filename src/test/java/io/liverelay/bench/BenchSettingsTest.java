package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    private static final Path OUT = Path.of("target", "bench");

    private static BenchSettings parse(String... args) {
        return BenchSettings.parse(List.of(args), OUT);
    }

    @Test
    void theNaiveRelayAndTheDestinationModesAreSweptByName() {
        var s = parse("--sweep", "passthrough:10,20", "--sweep", "naive:10,20", "--sweep", "passthrough-2dest:10",
                "--sweep", "passthrough-3dest:10");

        assertEquals(Map.of(Mode.PASSTHROUGH, List.of(10, 20), Mode.NAIVE, List.of(10, 20),
                Mode.PASSTHROUGH_2DEST, List.of(10), Mode.PASSTHROUGH_3DEST, List.of(10)), s.sweep());
        assertEquals(List.of(Mode.PASSTHROUGH, Mode.NAIVE, Mode.PASSTHROUGH_2DEST, Mode.PASSTHROUGH_3DEST),
                List.copyOf(s.sweep().keySet()), "in the order given");
    }

    @Test
    void theModesSayWhichServerAndHowManyDestinations() {
        assertEquals(Mode.Server.NAIVE, Mode.NAIVE.server);
        assertEquals(1, Mode.NAIVE.destinations);
        assertEquals(Mode.Server.RELAY, Mode.PASSTHROUGH_2DEST.server);
        assertEquals(2, Mode.PASSTHROUGH_2DEST.destinations);
        assertEquals(3, Mode.PASSTHROUGH_3DEST.destinations);
        assertEquals(1, Mode.PASSTHROUGH.destinations);
        assertTrue(Mode.PASSTHROUGH.hasCostBreakdown());
        assertTrue(!Mode.NAIVE.hasCostBreakdown() && !Mode.PASSTHROUGH_3DEST.hasCostBreakdown(),
                "FfmpegCost rebuilds our one-destination command only");
    }

    @Test
    void theFullSweepRunsTheFloorBesidePassthrough() {
        var s = parse();

        assertEquals(s.sweep().get(Mode.PASSTHROUGH), s.sweep().get(Mode.NAIVE));
        assertEquals(0, s.streamSeconds(), "no short streams unless asked");
    }

    @Test
    void streamSecondsAddsShortStreams() {
        var s = parse("--sweep", "passthrough:40", "--stream-seconds", "12");

        assertEquals(12, s.streamSeconds());
        assertEquals(60, s.seconds());
    }

    @Test
    void shortStreamsMustFitTwiceInARun() {
        assertEquals(30, parse("--seconds", "60", "--stream-seconds", "30").streamSeconds());
        var tooLong = assertThrows(IllegalArgumentException.class,
                () -> parse("--seconds", "60", "--stream-seconds", "31"));
        assertTrue(tooLong.getMessage().contains("--stream-seconds"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("--stream-seconds", "4"));
        assertThrows(IllegalArgumentException.class, () -> parse("--stream-seconds", "-12"));
    }

    @Test
    void anUnknownModeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--sweep", "passthrough-4dest:1"));
        assertTrue(e.getMessage().contains("passthrough-4dest") && e.getMessage().contains("naive"), e.getMessage());
    }

    @Test
    void theSmokeTestsConstructorMeansLongStreams() {
        var s = new BenchSettings(Map.of(Mode.PASSTHROUGH, List.of(1)), 10, java.time.Duration.ofMillis(100),
                java.time.Duration.ZERO, true, 0, 0, false, OUT, List.of(), "test");

        assertEquals(0, s.streamSeconds());
        assertTrue(!s.stress().enabled());
    }
}
