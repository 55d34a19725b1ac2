package io.liverelay.destination.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class DestinationPolicyTest {

    private final DestinationPolicy policy = new DestinationPolicy();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rtmp://127.0.0.1:1935/live/key           | rtmp://127.0.0.1:1935/live/key           | key",
        "rtmps://a.rtmp.youtube.com/live2/abcd-efgh | rtmps://a.rtmp.youtube.com/live2/abcd-efgh | abcd-efgh",
        "RTMP://Host.Example/app/key              | rtmp://host.example/app/key              | key",
        "rtmp://h/live/abc?x=1                    | rtmp://h/live/abc?x=1                    | abc?x=1",
        "rtmp://h/app/Sub/KeY                     | rtmp://h/app/Sub/KeY                     | Sub/KeY"})
    void accepted(String url, String normalized, String streamKey) throws RelayException {
        Destination destination = policy.check(url);

        assertEquals(normalized, destination.secret());
        assertEquals(streamKey, destination.streamKey());
    }

    static Stream<Arguments> refusedUrls() {
        return Stream.of(
                Arguments.of("file:/etc/passwd"),
                Arguments.of("pipe:1"),
                Arguments.of("tee:rtmp://h/a/k|file:/tmp/copy.flv"),
                Arguments.of("concat:/etc/passwd|/etc/hosts"),
                Arguments.of("http://x/y"),
                Arguments.of("rtmpt://x/y/z"),
                Arguments.of("-y"),
                Arguments.of(" rtmp://h/a/k"),
                Arguments.of("rtmp://h/a/k\n"),
                Arguments.of("rtmp://h/a/k x"),
                Arguments.of("rtmp://h/a/k\tx"),
                Arguments.of("rtmp://user:pw@h/a/k"),
                Arguments.of("rtmp:///a/k"),
                Arguments.of("rtmp://h"),
                Arguments.of("rtmp://h/"),
                Arguments.of("rtmp://h/live/" + "k".repeat(3000 - "rtmp://h/live/".length())));
    }

    @ParameterizedTest
    @MethodSource("refusedUrls")
    @NullAndEmptySource
    void refused(String url) {
        RelayException e = assertThrows(RelayException.class, () -> policy.check(url));

        assertEquals(RelayError.RTMP_URL_REJECTED, e.error());
    }

    @Test
    void longestAcceptedUrlIs2048Characters() throws RelayException {
        String prefix = "rtmp://h/live/";
        String longest = prefix + "k".repeat(2048 - prefix.length());

        assertEquals(longest, policy.check(longest).secret());
        assertThrows(RelayException.class, () -> policy.check(longest + "k"));
    }

    @Test
    void refusalDoesNotEchoTheUrl() {
        RelayException e = assertThrows(RelayException.class,
                () -> policy.check("rtmp://user:secretpw@h/live/abcdefghijkl"));

        assertFalse(e.getMessage().contains("secretpw"), e.getMessage());
        assertFalse(e.getMessage().contains("abcdefghijkl"), e.getMessage());
    }

    @Test
    void streamKeyIsWhatFollowsTheApplicationAndIsMasked() throws RelayException {
        Destination destination = policy.check("rtmp://h/live/abcdefghijkl");

        assertEquals("abcdefghijkl", destination.streamKey());
        assertEquals("rtmp://h/live/ab…kl", destination.masked());
        assertFalse(destination.masked().contains("abcdefghijkl"));
        assertEquals(destination.masked(), destination.toString());
        assertEquals("rtmp://h/live/abcdefghijkl", destination.secret());
    }

    @Test
    void queryStringBelongsToTheKey() throws RelayException {
        Destination destination = policy.check("rtmp://h/live/abcdefghijkl?token=0123456789");

        assertEquals("abcdefghijkl?token=0123456789", destination.streamKey());
        assertFalse(destination.masked().contains("0123456789"), destination.masked());
        assertFalse(destination.masked().contains("abcdefghijkl"), destination.masked());
    }

    @Test
    void shortKeysAreHiddenCompletely() throws RelayException {
        Destination destination = policy.check("rtmp://h/live/secret");

        assertEquals("rtmp://h/live/…", destination.masked());
    }

    @Test
    void redactReplacesTheKeyInAnyLogLine() throws RelayException {
        Destination destination = policy.check("rtmp://127.0.0.1:1935/live/abcdefghijkl");
        String line = "[out#0/flv @ 0x5] [error] Error opening output rtmp://127.0.0.1:1935/live/abcdefghijkl: "
                + "Connection refused (key abcdefghijkl)";

        String redacted = destination.redact(line);

        assertEquals("[out#0/flv @ 0x5] [error] Error opening output rtmp://127.0.0.1:1935/live/ab…kl: "
                + "Connection refused (key ab…kl)", redacted);
        assertEquals("[info] nothing secret here", destination.redact("[info] nothing secret here"));
    }
}
