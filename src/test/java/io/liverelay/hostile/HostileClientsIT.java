package io.liverelay.hostile;

import static io.liverelay.hostile.Harness.REAP;
import static io.liverelay.hostile.Harness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.RawWebSocket;
import io.liverelay.testsupport.RelayClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4 on the deployed WAR, with a canary stream relayed in real time beside every case: hostile
 * destinations, origins, message sizes, silence, protocol misuse, undecodable media, a killed ffmpeg, stalled
 * ingests, and hundreds of rude disconnects. After each case only the canary's ffmpeg is left and the canary
 * is unharmed; at the end its RTMP server holds every second it sent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {

    /** relay.maxFfmpegInstances: the documented default, which arquillian.xml leaves alone. */
    private static final int STREAM_LIMIT = 50;
    private static final int CHURN_CONNECTIONS = 360;
    private static final int CHURN_THREADS = 4;
    private static final int THREADS_SLACK = 20;
    private static final long HEAP_SLACK = 32L * 1024 * 1024;
    /** relay.ws.idleTimeoutSeconds in arquillian.xml. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

    /** The JDK's pool that waits for child processes: its threads outlive each child by 60 s. */
    private static final String PROCESS_REAPER = "process reaper";

    private static Harness h;
    private static int threadsBefore;
    private static int poolThreadsBefore;
    private static int refusedForTheLimit;
    private static RuntimeException harnessFailed;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RelayDeployment.war();
    }

    @BeforeEach
    void harness() {
        if (harnessFailed != null) {
            throw new IllegalStateException("the harness could not start", harnessFailed);
        }
        if (h == null) {
            try {
                h = Harness.start(base);
            } catch (RuntimeException e) {
                harnessFailed = e; // once, not once per case
                throw e;
            }
        }
    }

    @AfterAll
    static void closeHarness() {
        if (h != null) {
            h.close();
            h = null;
        }
        harnessFailed = null;
    }

    static Stream<Named<String>> refusedDestinations() {
        return Destinations.refused();
    }

    static Stream<Named<String>> destinationsAcceptedByMistake() {
        return Destinations.knownBugs();
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                row("silent connections and streams end on time (idle, no media, paused too long)", WebSocketCases::silentConnectionsAreClosed),
                row("a binary message over 4 MiB closes with 1009", WebSocketCases::binaryOverTheLimit),
                row("a text message over 64 KiB closes with 1009", WebSocketCases::textOverTheLimit),
                row("chunks of 500 KB are relayed", WebSocketCases::halfMegabyteChunks),
                row("media before start: NOT_STARTED", ProtocolCases::mediaBeforeStart),
                row("an unknown type: UNKNOWN_MESSAGE_TYPE", ProtocolCases::unknownType),
                row("a second start: ALREADY_STARTED", ProtocolCases::secondStart),
                row("bad messages past the error budget: TOO_MANY_ERRORS, 1008, logged once", ProtocolCases::badMessagesPastTheBudget),
                row("one address past relay.ws.maxConnectionsPerAddress: TOO_MANY_CONNECTIONS, 1008", ConnectionCases::oneAddressPastItsLimit),
                row("JSON sent as binary: FFMPEG_UNEXPECTED_END", ProtocolCases::jsonSentAsBinary),
                row("garbage media: FFMPEG_UNEXPECTED_END", ProtocolCases::garbageMedia),
                row("browser values never become ffmpeg options", ProtocolCases::browserValuesNeverBecomeOptions),
                row("ffmpeg SIGKILLed mid-stream: FFMPEG_UNEXPECTED_END", ProcessCases::ffmpegKilledMidStream),
                row("an ingest that never answers: named in bounded time", ProcessCases::rtmpServerThatNeverAnswers),
                row("an ingest that stops reading: named in bounded time", ProcessCases::rtmpServerThatStopsReading));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDestinations")
    void aDestinationOutsideTheRulesIsRefusedBeforeAnyProcessStarts(String template, TestInfo test)
            throws Exception {
        assertRefusedBeforeAnyProcess(template);
        h.afterCase(test.getDisplayName());
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("destinationsAcceptedByMistake")
    void aDestinationThatParsesDifferentlyInFfmpegIsRefused(String template, TestInfo test) throws Exception {
        assertRefusedBeforeAnyProcess(template);
        h.afterCase(test.getDisplayName());
    }

    @Order(3)
    @ParameterizedTest(name = "Origin {0}")
    @NullSource
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1.evil.example:8080",
        "https://127.0.0.1:8080", "http://127.0.0.1", "http://127.0.0.1:8080@evil.example"})
    void aForeignOrMissingOriginIsRefusedAtTheHandshake(String origin, TestInfo test) {
        try (RawWebSocket allowed = RawWebSocket.open(h.ws, "http://127.0.0.1:" + h.ws.getPort())) {
            assertEquals(101, allowed.status(), "the page's own origin is allowed");
        }
        try (RawWebSocket refused = RawWebSocket.open(h.ws, origin)) {
            assertEquals(403, refused.status());
        }
        assertThrows(AssertionError.class, () -> RelayClient.connect(h.ws, origin).close(),
                "a WebSocket client cannot connect either");
        h.afterCase(test.getDisplayName());
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputGetsItsNamedOutcomeAndHarmsNoOtherStream(Case hostile, TestInfo test) throws Exception {
        hostile.run(h);
        h.afterCase(test.getDisplayName());
    }

    @Order(5)
    @Test
    void hundredsOfRudeConnectsAndDisconnectsLeaveNoProcessConnectionOrMemoryBehind(TestInfo test) throws Exception {
        h.awaitNoStrays(REAP);
        threadsBefore = h.server.threads();
        poolThreadsBefore = h.server.threadsNotNamed(PROCESS_REAPER);
        long heapBefore = h.server.heapUsedAfterGc();
        int relayThreadsBefore = h.server.threadsRunning("io.liverelay.");
        long start = System.nanoTime();

        Map<String, Integer> tally = Churn.run(h, CHURN_CONNECTIONS, CHURN_THREADS);

        long churnEnd = System.nanoTime();
        System.out.printf("churn: %d connections in %d ms over %d threads: %s%n", CHURN_CONNECTIONS,
                Duration.ofNanos(churnEnd - start).toMillis(), CHURN_THREADS, tally);
        h.awaitNoStrays(WAIT);
        // Tyrus misses the TCP close of a socket that vanishes during the handshake: the idle timeout reclaims it
        int connections = awaitConnections(1, IDLE_TIMEOUT.plus(REAP));
        System.out.printf("churn: the server held 1 connection again %d ms after the churn%n",
                Duration.ofNanos(System.nanoTime() - churnEnd).toMillis());
        int relayThreadsAfter = awaitAtMost(() -> h.server.threadsRunning("io.liverelay."), relayThreadsBefore, REAP);
        long heapAfter = h.server.heapUsedAfterGc();
        System.out.printf("churn: threads in io.liverelay code %d before, %d after; heap after full GC %d KiB before, "
                + "%d KiB after%n", relayThreadsBefore, relayThreadsAfter, heapBefore / 1024, heapAfter / 1024);

        // a start refused for the stream limit is everyStreamSlotIsFreeAgainAfterTheChurn's to judge
        refusedForTheLimit = tally.entrySet().stream().filter(e -> e.getKey().endsWith(": TOO_MANY_STREAMS"))
                .mapToInt(Map.Entry::getValue).sum();
        // one address: a connection counts until its stream has ended, and streams that vanished mid-frame take
        // a moment to end, so some of the churn's starts find its address full; everyConnectionPlaceIsFreeAgain
        // judges whether the count comes back
        assertTrue(tally.keySet().stream().allMatch(k -> k.endsWith(": -") || k.endsWith(": started")
                || k.endsWith(": TOO_MANY_STREAMS") || k.endsWith(": TOO_MANY_CONNECTIONS")),
                () -> "every connection opened, every start answered: " + tally);
        assertEquals(1, connections, "connections the server still holds after the idle timeout (the canary's)");
        assertTrue(relayThreadsAfter <= relayThreadsBefore, "threads in io.liverelay code " + relayThreadsBefore
                + " -> " + relayThreadsAfter);
        assertTrue(heapAfter <= heapBefore + HEAP_SLACK, "heap " + heapBefore + " -> " + heapAfter);
        h.afterCase(test.getDisplayName());
    }

    /**
     * Measured after the churn: the server's threads (/proc) and those of its thread dump, less the JDK's process
     * reapers, which the JDK keeps for 60 s after each child exited.
     */
    @Order(6)
    @Test
    void theServersThreadsReturnNearTheirCountBeforeTheChurn() {
        int threadsAfter = h.server.threads();
        int poolThreadsAfter = awaitAtMost(() -> h.server.threadsNotNamed(PROCESS_REAPER),
                poolThreadsBefore + THREADS_SLACK, WAIT);
        System.out.printf("churn: server threads (/proc) %d before, %d after; without the JDK's process reapers "
                + "%d before, %d after%n", threadsBefore, threadsAfter, poolThreadsBefore, poolThreadsAfter);
        assertTrue(poolThreadsAfter <= poolThreadsBefore + THREADS_SLACK,
                "threads " + poolThreadsBefore + " -> " + poolThreadsAfter);
    }

    @Order(7)
    @Test
    void everyStreamSlotIsFreeAgainAfterTheChurn(TestInfo test) {
        assertEquals(0, refusedForTheLimit, "starts refused with TOO_MANY_STREAMS during the churn, although at "
                + "most " + (CHURN_THREADS + 1) + " streams were live at once");
        List<RawWebSocket> streams = new ArrayList<>();
        try {
            int free = STREAM_LIMIT - 1; // the canary holds one
            for (int i = 0; i < free; i++) {
                RawWebSocket ws = open("203.0.113." + (i + 1)); // each its own address: this counts slots
                streams.add(ws);
                ws.sendText(Churn.start(h.nowhere()));
                JsonObject answer = ws.nextMessage(WAIT);
                assertTrue(answer != null && "started".equals(answer.getString("type")), "stream " + (i + 2)
                        + " of " + STREAM_LIMIT + " was refused, so " + (free - i) + " slot(s) leaked: " + answer);
            }
            RawWebSocket oneTooMany = open("203.0.113.200");
            streams.add(oneTooMany);
            oneTooMany.sendText(Churn.start(h.nowhere()));
            JsonObject answer = oneTooMany.awaitMessage("error", WAIT);
            assertTrue(answer != null, "the limit no longer holds");
            assertEquals("TOO_MANY_STREAMS", answer.getJsonObject("error").getString("name"));
        } finally {
            streams.forEach(RawWebSocket::abort);
        }
        h.afterCase(test.getDisplayName());
    }

    /**
     * The churn's 360 connections came from 127.0.0.1, as the canary's did: once they have ended, that address
     * again holds exactly as many connections as relay.ws.maxConnectionsPerAddress allows, no fewer.
     */
    @Order(8)
    @Test
    void everyConnectionPlaceIsFreeAgainAfterTheChurn(TestInfo test) throws Exception {
        List<RawWebSocket> held = new ArrayList<>();
        try {
            for (int i = 1; i < ConnectionCases.PER_ADDRESS; i++) { // the canary holds one
                held.add(open());
            }
            ConnectionCases.awaitFrom(h, "127.0.0.1", ConnectionCases.PER_ADDRESS);
            RawWebSocket oneTooMany = open();
            held.add(oneTooMany);
            JsonObject answer = oneTooMany.awaitMessage("error", WAIT);
            assertTrue(answer != null, "the per-address limit no longer holds");
            assertEquals("TOO_MANY_CONNECTIONS", answer.getJsonObject("error").getString("name"));
        } finally {
            held.forEach(RawWebSocket::abort);
        }
        h.afterCase(test.getDisplayName());
    }

    @Order(9)
    @Test
    void theCanaryRelayedEverySecondItSentThroughAllOfIt() throws Exception {
        h.canary().assertHealthy("every case");
        h.canary().finish();
        FfmpegProcesses.awaitNone(REAP);
    }

    private static void assertRefusedBeforeAnyProcess(String template) throws Exception {
        Path file = h.dir.resolve("written-" + Harness.key("file") + ".flv");
        String url = template.replace("{trap}", Integer.toString(h.trap.port())).replace("{file}", file.toString());
        int trapped = h.trap.connections();
        try (ProcessWatch watch = ProcessWatch.start(h.background());
                RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(url));
            JsonObject error = ProtocolCases.assertError(client, "RTMP_URL_REJECTED", true);
            assertFalse(error.getString("message").contains("secret"), "the refusal echoes the URL: " + error);
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.messages().stream().noneMatch(m -> "started".equals(m.getString("type", ""))));
            watch.close();
            assertEquals(List.of(), watch.seen(), "an ffmpeg appeared for a refused destination");
        }
        assertEquals(trapped, h.trap.connections(), "something connected to the trap on 127.0.0.1/127.0.0.2/::1");
        assertFalse(Files.exists(file), "a local file was written");
    }

    private static RawWebSocket open() {
        RawWebSocket ws = RawWebSocket.open(h.ws, "http://127.0.0.1:" + h.ws.getPort());
        assertEquals(101, ws.status());
        return ws;
    }

    /** A connection whose client address, as the trusted proxy 127.0.0.1 says, is {@code client}. */
    private static RawWebSocket open(String client) {
        RawWebSocket ws = RawWebSocket.open(h.ws, "http://127.0.0.1:" + h.ws.getPort(),
                Map.of("X-Forwarded-For", client));
        assertEquals(101, ws.status());
        return ws;
    }

    private int awaitConnections(int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int connections;
        while ((connections = AdminApi.summary(base).getInt("connections")) != expected
                && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofMillis(500));
        }
        return connections;
    }

    private static int awaitAtMost(java.util.function.IntSupplier count, int bound, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int now;
        while ((now = count.getAsInt()) > bound && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofSeconds(1));
        }
        return now;
    }

    private static Named<Case> row(String name, Case hostile) {
        return Named.of(name, hostile);
    }
}
