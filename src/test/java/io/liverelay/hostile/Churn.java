package io.liverelay.hostile;

import io.liverelay.testsupport.RawWebSocket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Connects and disconnects in every rude way a browser tab can, over and over from a few threads at once:
 * vanishing at once, right after start, in the middle of a media frame, in the middle of a control message.
 * Counts what the server answered, so that a refusal it should not have made shows.
 */
final class Churn {

    private static final Duration ANSWER = Duration.ofSeconds(15);

    /** One way to come and go; returns what the server answered, for the tally. */
    private record Variant(String name, BiFunction<Harness, RawWebSocket, String> body) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("vanish at once", (h, ws) -> "-"),
            new Variant("start, vanish at once", (h, ws) -> {
                ws.sendText(start(h.nowhere()));
                return "-";
            }),
            new Variant("start, vanish mid-frame", (h, ws) -> {
                ws.sendText(start(h.nowhere()));
                String answer = answer(ws);
                quietly(() -> ws.sendPartialFrame(RawWebSocket.BINARY, Arrays.copyOf(h.firstChunk(), 1000), 250_000));
                return answer;
            }),
            new Variant("start, media, leave mid-frame", (h, ws) -> {
                ws.sendText(start(h.nowhere()));
                String answer = answer(ws);
                quietly(() -> {
                    ws.sendBinary(Arrays.copyOf(h.firstChunk(), 64 * 1024));
                    ws.sendPartialFrame(RawWebSocket.BINARY, new byte[4096], 250_000);
                });
                return answer;
            }),
            new Variant("vanish mid-control-message", (h, ws) -> {
                ws.sendPartialFrame(RawWebSocket.TEXT, "{\"type\":\"sta".getBytes(StandardCharsets.UTF_8), 500);
                return "-";
            }),
            new Variant("refused start, vanish", (h, ws) -> {
                ws.sendText(start("file:/tmp/churn.flv"));
                return "-";
            }));

    private Churn() {
    }

    /** Runs the given number of connections over the given number of threads; returns the tally. */
    static Map<String, Integer> run(Harness h, int connections, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Variant variant = VARIANTS.get(i % VARIANTS.size());
                boolean abort = (i / VARIANTS.size()) % 2 == 0; // a TCP reset, else a FIN: both without close frame
                outcomes.add(pool.submit(() -> once(h, variant, abort)));
            }
            Map<String, Integer> tally = new TreeMap<>();
            for (Future<String> outcome : outcomes) {
                tally.merge(outcome.get(), 1, Integer::sum);
            }
            return tally;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String once(Harness h, Variant variant, boolean abort) {
        RawWebSocket ws = RawWebSocket.open(h.ws, "http://127.0.0.1:" + h.ws.getPort());
        try {
            if (ws.status() != 101) {
                return "handshake " + ws.status();
            }
            return variant.name() + ": " + variant.body().apply(h, ws);
        } catch (RuntimeException e) {
            return variant.name() + ": " + e.getClass().getSimpleName();
        } finally {
            if (abort) {
                ws.abort();
            } else {
                ws.close();
            }
        }
    }

    // the server may already have closed (ffmpeg found nothing at the destination): leaving is the point
    private static void quietly(Runnable send) {
        try {
            send.run();
        } catch (java.io.UncheckedIOException e) {
            // gone already
        }
    }

    static String start(String rtmp) {
        return Json.createObjectBuilder().add("type", "start").add("config", Harness.config(rtmp,
                "video/x-matroska;codecs=avc1,opus")).build().toString();
    }

    // "started", or the name of the error the server answered with
    private static String answer(RawWebSocket ws) {
        long asked = System.nanoTime();
        JsonObject message = ws.nextMessage(ANSWER);
        if (message == null) {
            long waited = Duration.ofNanos(System.nanoTime() - asked).toMillis();
            return ws.closeCode() >= 0 ? "no answer, closed " + ws.closeCode() + " after " + waited + " ms"
                    : "no answer after " + waited + " ms";
        }
        return "error".equals(message.getString("type", ""))
                ? message.getJsonObject("error").getString("name") : message.getString("type", "?");
    }
}
