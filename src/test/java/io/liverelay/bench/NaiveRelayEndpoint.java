package io.liverelay.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The naive relay of issue 14, the floor our relay is measured against: each connection piped into
 * {@code ffmpeg -i - -c:v copy -c:a aac -f flv <rtmp>}, nothing else (no queue, no lane, no limits; chunks are
 * written to ffmpeg on the container's thread). Deployed alone in a WAR by {@link NaiveRelay}, so it may use
 * nothing but the JDK and the Jakarta APIs. It speaks just enough of docs/protocol.md for {@link SimulatedBrowser}:
 * {@code start} (only {@code config.rtmp}, one URL on 127.0.0.1), binary chunks, {@code stop}.
 */
@ServerEndpoint("/stream")
public class NaiveRelayEndpoint {

    /** The ffmpeg to run: the harness passes the one our relay runs, so that both pay the same binary. */
    static final String FFMPEG_PROPERTY = "naive.ffmpeg";

    // the benchmark's sink only; a URL from a socket never reaches anything but ProcessBuilder's list
    private static final Pattern LOCAL_RTMP =
            Pattern.compile("rtmp://127\\.0\\.0\\.1(:[0-9]{1,5})?/[A-Za-z0-9._~/-]{1,200}");
    private static final long STOP_WAIT_SECONDS = 10;
    private static final long KILL_WAIT_SECONDS = 5;

    private Process ffmpeg;
    private OutputStream stdin;

    /** Whether {@code url} is an RTMP URL on 127.0.0.1 with a plain path: the only kind this relay publishes to. */
    static boolean acceptable(String url) {
        return url != null && LOCAL_RTMP.matcher(url).matches();
    }

    /** The whole command line, as the issue gives it. */
    static List<String> command(String ffmpeg, String url) {
        if (!acceptable(url)) {
            throw new IllegalArgumentException("not an rtmp://127.0.0.1 URL");
        }
        return List.of(ffmpeg, "-i", "-", "-c:v", "copy", "-c:a", "aac", "-f", "flv", url);
    }

    @OnMessage
    public void onText(Session session, String message) throws IOException {
        JsonObject json = Json.createReader(new StringReader(message)).readObject();
        switch (json.getString("type", "")) {
            case "start" -> start(session, json.getJsonObject("config"));
            case "stop" -> {
                end();
                session.getBasicRemote().sendText("{\"type\":\"destroyed\"}");
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "stopped"));
            }
            default -> {
                // pause, resume, ping: the naive relay knows none of them
            }
        }
    }

    @OnMessage
    public void onChunk(byte[] chunk) throws IOException {
        if (stdin != null) {
            stdin.write(chunk);
            stdin.flush();
        }
    }

    @OnClose
    public void onClose() {
        end();
    }

    private void start(Session session, JsonObject config) throws IOException {
        JsonValue rtmp = config == null ? null : config.get("rtmp");
        String url = rtmp instanceof JsonString s ? s.getString() : null;
        if (ffmpeg != null || !acceptable(url)) {
            session.getBasicRemote().sendText(
                    "{\"type\":\"error\",\"error\":{\"name\":\"RTMP_URL_REJECTED\",\"fatal\":true}}");
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "refused"));
            return;
        }
        ffmpeg = new ProcessBuilder(command(System.getProperty(FFMPEG_PROPERTY, "ffmpeg"), url))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        stdin = ffmpeg.getOutputStream();
        session.getBasicRemote().sendText("{\"type\":\"started\"}");
    }

    // as our relay ends a stream: end of input, a bounded wait, then SIGTERM, then SIGKILL, and reaped
    private void end() {
        Process process = ffmpeg;
        if (process == null) {
            return;
        }
        stdin = null;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // ffmpeg already gone
        }
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
