package io.liverelay.config.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    private static final String NAME = "relay.queue.maxBytes";

    @Test
    void propertyWinsOverEnvironment() {
        Settings settings = settings(Map.of(NAME, "131072"), Map.of("RELAY_QUEUE_MAXBYTES", "65536"));

        assertEquals(131072, settings.number(NAME, 1, 1, 1 << 20));
        assertEquals(Optional.of("131072"), settings.string(NAME));
    }

    @Test
    void environmentIsReadUnderItsMappedName() {
        List<String> asked = new ArrayList<>();
        Settings settings = new Settings(name -> null, name -> {
            asked.add(name);
            return Map.of("RELAY_QUEUE_MAXBYTES", "65536").get(name);
        });

        assertEquals(65536, settings.number(NAME, 1, 1, 1 << 20));
        assertEquals(List.of("RELAY_QUEUE_MAXBYTES"), asked);
    }

    @ParameterizedTest
    @CsvSource({
        "relay.queue.maxBytes, RELAY_QUEUE_MAXBYTES",
        "relay.clientLogs.sendFfmpegOutput, RELAY_CLIENTLOGS_SENDFFMPEGOUTPUT",
        "relay.ffmpeg-path, RELAY_FFMPEG_PATH",
        "relay.stop.graceSeconds, RELAY_STOP_GRACESECONDS"})
    void environmentNames(String name, String environmentName) {
        assertEquals(environmentName, Settings.envName(name));
    }

    @Test
    void fallbackWhenNeitherIsSet() {
        Settings settings = settings(Map.of(), Map.of());

        assertEquals(16, settings.number(NAME, 16, 1, 100));
        assertEquals(Optional.empty(), settings.string(NAME));
        assertTrue(settings.bool("relay.clientLogs.sendFfmpegOutput", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIsUnset(String blank) {
        Settings settings = settings(Map.of(NAME, blank), Map.of());

        assertEquals(16, settings.number(NAME, 16, 1, 100));
        assertEquals(Optional.empty(), settings.string(NAME));
    }

    @Test
    void valuesAreTrimmed() {
        Settings settings = settings(Map.of(NAME, " 42 ", "relay.ffmpeg.path", " /opt/ffmpeg "), Map.of());

        assertEquals(42, settings.number(NAME, 16, 1, 100));
        assertEquals(Optional.of("/opt/ffmpeg"), settings.string("relay.ffmpeg.path"));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "false, false", "yes, false", "1, false"})
    void booleans(String value, boolean expected) {
        Settings settings = settings(Map.of(), Map.of("RELAY_CLIENTLOGS_SENDERRORDETAILS", value));

        assertEquals(expected, settings.bool("relay.clientLogs.sendErrorDetails", !expected));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "100, 100"})
    void limitsAreInclusive(String value, long expected) {
        assertEquals(expected, settings(Map.of(NAME, value), Map.of()).number(NAME, 16, 1, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5"})
    void outOfRangeNamesTheSettingAndTheRange(String value) {
        Settings settings = settings(Map.of(NAME, value), Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.number(NAME, 16, 1, 100));

        assertEquals(NAME + " must be from 1 to 100, not " + value, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"16MB", "1.5", "lots", "0x10", "99999999999999999999"})
    void malformedNumberNamesTheSetting(String value) {
        Settings settings = settings(Map.of(), Map.of("RELAY_QUEUE_MAXBYTES", value));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.number(NAME, 16, 1, 100));

        assertEquals(NAME + " must be a whole number, not '" + value + "'", e.getMessage());
        assertFalse(e.getMessage().contains("RELAY_QUEUE_MAXBYTES"));
    }

    private static Settings settings(Map<String, String> properties, Map<String, String> environment) {
        return new Settings(properties::get, environment::get);
    }
}
