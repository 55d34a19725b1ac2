package io.liverelay.bench;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One stream of a stress actor: what was drawn for it (how long it streams, whether it pauses, whether its RTMP
 * publisher is dropped, how it ends) and what happened, down to every message the relay sent. Filled in by its
 * actor's thread alone, then handed to {@link StressTally}; {@link #judge()} names what broke the protocol.
 */
final class StressStream {

    static final int MIN_SECONDS = 3;
    static final int MAX_SECONDS = 40;
    static final double PAUSE_CHANCE = 0.3;
    static final int MAX_PAUSE_SECONDS = 10;
    static final double DROP_CHANCE = 0.25;
    // a drop needs a live stream (the relay retries only then) and time left to hear `live` again
    static final int DROP_FROM_SECONDS = 5;
    static final int DROP_BEFORE_END_SECONDS = 8;
    static final int NOT_TRIED = -2;
    static final String ADMIN_STOP_ERROR = "STOPPED_BY_ADMIN";
    // what the relay must not say once it said the stream is over
    private static final Set<String> AFTER_DESTROYED = Set.of("started", "progress", "reconnecting", "live");

    final int actor;
    final int sequence;
    final String key;
    final StressEnding planned;
    final int seconds;
    final int chunks;
    final int pauseAt;
    final int pauseSeconds;
    final int dropAt;
    final int lastDropChunk;

    String id;
    String connectFailure;
    String refusal;
    StressEnding ending;
    int chunksSent;
    int lateSends;
    long slowestSendNanos;
    long pausedNanos;
    int pings;
    int drop = NOT_TRIED;
    boolean dropSkipped;
    long ffmpegPid;
    boolean ffmpegAfterDestroyed;
    int adminStatus;
    int closeCode = -1;
    String failure;
    List<JsonObject> messages = List.of();
    final List<String> problems = new ArrayList<>();
    /** Our close frame got no close frame back within the wait (set by {@link #judge()}). */
    boolean closeUnanswered;

    private StressStream(int actor, int sequence, StressEnding planned, int seconds, int chunks, int pauseAt,
            int pauseSeconds, int dropAt, int lastDropChunk) {
        this.actor = actor;
        this.sequence = sequence;
        this.key = String.format("stress-a%02d-s%04d", actor, sequence);
        this.planned = planned;
        this.seconds = seconds;
        this.chunks = chunks;
        this.pauseAt = pauseAt;
        this.pauseSeconds = pauseSeconds;
        this.dropAt = dropAt;
        this.lastDropChunk = lastDropChunk;
    }

    /**
     * Draws the next stream of an actor. Every value is drawn whether it is used or not, so that one seed gives
     * every actor the same streams whatever happened to the ones before.
     */
    static StressStream draw(int actor, int sequence, Random random, double sliceSeconds) {
        StressEnding ending = StressEnding.draw(random);
        int seconds = MIN_SECONDS + random.nextInt(MAX_SECONDS - MIN_SECONDS + 1);
        int chunks = (int) Math.round(seconds / sliceSeconds);
        boolean pause = random.nextDouble() < PAUSE_CHANCE;
        int pauseAt = chunks / 4 + random.nextInt(Math.max(1, chunks / 2));
        int pauseSeconds = 1 + random.nextInt(MAX_PAUSE_SECONDS);
        int dropFrom = (int) Math.round(DROP_FROM_SECONDS / sliceSeconds);
        int dropTo = chunks - (int) Math.round(DROP_BEFORE_END_SECONDS / sliceSeconds);
        boolean drop = random.nextDouble() < DROP_CHANCE && dropTo - dropFrom >= 8;
        int dropAt = dropFrom + random.nextInt(Math.max(1, dropTo - dropFrom));
        return new StressStream(actor, sequence, ending, seconds, chunks, pause ? pauseAt : -1, pauseSeconds,
                drop ? dropAt : -1, dropTo);
    }

    boolean started() {
        return id != null;
    }

    int count(String type) {
        return (int) messages.stream().filter(m -> type.equals(m.getString("type", ""))).count();
    }

    List<String> errorNames() {
        return messages.stream().filter(m -> "error".equals(m.getString("type", "")))
                .map(StressStream::errorName).toList();
    }

    static String errorName(JsonObject error) {
        JsonObject body = error.containsKey("error") ? error.getJsonObject("error") : null;
        return body == null ? "?" : body.getString("name", "?");
    }

    /** Whether the client must hear {@code destroyed} exactly once: how it ended, or a fatal refusal of its start. */
    boolean destroyedExpected() {
        if (refusal != null) {
            return true; // every start error is fatal: destroyed follows
        }
        return started() && ending != null && ending.destroyedOnce;
    }

    /** Names every way this stream broke docs/protocol.md; called once, after its socket is gone. */
    void judge() {
        if (failure != null) {
            problems.add("harness: " + failure);
        }
        if (connectFailure != null) {
            return; // no connection, nothing to judge (counted apart)
        }
        if (!started() && refusal == null) {
            problems.add("no answer to start (" + (closeCode < 0 ? "no close frame" : "closed with " + closeCode)
                    + ")");
            return;
        }
        int destroyed = count("destroyed");
        if (destroyed > 1) {
            problems.add("destroyed ×" + destroyed);
        } else if (destroyedExpected() && destroyed == 0) {
            problems.add("no destroyed (" + (ending == null ? "refused with " + refusal : ending.label) + ")");
        }
        if (destroyed >= 1 && destroyedExpected()) {
            // a stop ends with 1000; an error may close with its own code (1001 for a timeout, 1009 too big)
            boolean asked = ending == StressEnding.STOP || ending == StressEnding.END_OF_RUN
                    || ending == StressEnding.ADMIN_STOP;
            if (closeCode < 0) {
                problems.add("no close frame after destroyed");
            } else if (asked && closeCode != 1000) {
                problems.add("closed with " + closeCode + " after destroyed, not 1000");
            }
        }
        int first = indexOf("destroyed");
        if (first >= 0) {
            messages.subList(first + 1, messages.size()).stream().map(m -> m.getString("type", ""))
                    .filter(AFTER_DESTROYED::contains).findFirst()
                    .ifPresent(type -> problems.add("`" + type + "` after destroyed"));
        }
        if (ending == StressEnding.ADMIN_STOP) {
            if (adminStatus != 204) {
                problems.add("admin stop answered " + adminStatus + ", not 204");
            } else if (!stoppedByAdminBefore(first)) {
                problems.add("no error " + ADMIN_STOP_ERROR + " before destroyed");
            }
        }
        // the container answers a close frame, not the relay: counted in the report, not a breach by the relay
        closeUnanswered = ending == StressEnding.CLOSE_FRAME && closeCode < 0;
        if (ffmpegAfterDestroyed) {
            problems.add("its ffmpeg (pid " + ffmpegPid + ") still a child of the relay after destroyed");
        }
        errorNames().stream().filter("INTERNAL_ERROR"::equals).findFirst()
                .ifPresent(name -> problems.add("error INTERNAL_ERROR"));
        if (count("_unparsable") > 0) {
            problems.add("a message that is not JSON");
        }
    }

    private int indexOf(String type) {
        for (int i = 0; i < messages.size(); i++) {
            if (type.equals(messages.get(i).getString("type", ""))) {
                return i;
            }
        }
        return -1;
    }

    private boolean stoppedByAdminBefore(int destroyedAt) {
        int end = destroyedAt < 0 ? messages.size() : destroyedAt;
        return messages.subList(0, end).stream().anyMatch(m -> "error".equals(m.getString("type", ""))
                && ADMIN_STOP_ERROR.equals(errorName(m)));
    }
}
