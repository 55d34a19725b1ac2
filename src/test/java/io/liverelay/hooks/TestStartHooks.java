package io.liverelay.hooks;

import io.liverelay.ingest.entity.StartRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Hooks as an application would write them, deployed with the WAR in StartHooksIT. Each acts only when the
 * WebSocket URL names it ({@code ?hook=...}), so that one deployment can show several behaviours.
 */
@ApplicationScoped
public class TestStartHooks {

    static final String REFUSAL = "Live streaming is not part of your plan (test hook).";
    static final String SERVER_KEY = "server-chosen-key-0123456789";

    void refuse(@Observes @Priority(10) StartRequest start) {
        if (hook(start).equals("refuse")) {
            start.refuse(REFUSAL);
        }
    }

    /** The server, not the browser, decides where the stream goes (here: a port the test passes along). */
    void serverSideDestination(@Observes @Priority(20) StartRequest start) {
        if (hook(start).equals("replace")) {
            start.setRtmp("rtmp://127.0.0.1:" + param(start, "sinkPort") + "/live/" + SERVER_KEY);
        }
    }

    void firstInOrder(@Observes @Priority(30) StartRequest start) {
        if (hook(start).equals("order")) {
            start.setVideoBitsPerSecond(500_000);
        }
    }

    /** Runs after firstInOrder: 1 000 000 proves the order, 500 000 or a client value would not. */
    void secondInOrder(@Observes @Priority(40) StartRequest start) {
        if (hook(start).equals("order")) {
            start.setVideoBitsPerSecond(start.videoBitsPerSecond().orElse(0d) * 2);
        }
    }

    private static String hook(StartRequest start) {
        return param(start, "hook");
    }

    private static String param(StartRequest start, String name) {
        List<String> values = start.parameters().getOrDefault(name, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }
}
