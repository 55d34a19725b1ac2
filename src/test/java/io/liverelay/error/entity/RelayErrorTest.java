package io.liverelay.error.entity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error the server can send is known to the client's types and explained on the demo page. */
class RelayErrorTest {

    private static final Path JS = Path.of("src/main/webapp/js");

    @ParameterizedTest
    @EnumSource(RelayError.class)
    void theClientsTypesNameIt(RelayError error) throws IOException {
        String types = Files.readString(JS.resolve("browser-to-rtmp-client.d.ts"));
        assertTrue(types.contains("'" + error.name() + "'"), error + " is missing from ServerErrorName");
    }

    @ParameterizedTest
    @EnumSource(RelayError.class)
    void theDemoPageSaysWhatToDo(RelayError error) throws IOException {
        String demo = Files.readString(JS.resolve("demo.js"));
        assertTrue(demo.contains("  " + error.name() + ": '"), error + " has no sentence on the demo page");
    }
}
