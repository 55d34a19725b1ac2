package io.liverelay.bench;

import java.util.Random;

/**
 * How a stress stream ends: the five an actor draws (by weight), and the two that happen instead of the drawn
 * one. {@code destroyedOnce}: whether the client must hear {@code destroyed} exactly once (docs/protocol.md); a
 * client that left without a word cannot hear it, and after its own close frame it may or may not.
 */
enum StressEnding {
    STOP("stop", "`stop`, then `destroyed` and a close with 1000", 3, true),
    ADMIN_STOP("admin stop", "`DELETE /api/admin/connections/{id}`: `error` STOPPED_BY_ADMIN, `destroyed`, a close "
            + "with 1000", 2, true),
    CLOSE_FRAME("close frame without stop", "a close frame with 1001, as a tab that goes away sends", 2, false),
    RESET("disconnect: TCP reset", "the socket aborted (RST), no close frame", 2, false),
    VANISH("disconnect: TCP close", "the socket closed (FIN), no close frame", 1, false),
    END_OF_RUN("stop at the end of the run", "the run's time was up: `stop`, as STOP", 0, true),
    BY_SERVER("ended by the server", "the relay ended it first (a fatal error, then `destroyed`)", 0, true);

    final String label;
    final String how;
    final int weight;
    final boolean destroyedOnce;

    StressEnding(String label, String how, int weight, boolean destroyedOnce) {
        this.label = label;
        this.how = how;
        this.weight = weight;
        this.destroyedOnce = destroyedOnce;
    }

    /** One of the endings with a weight, drawn in proportion to it. */
    static StressEnding draw(Random random) {
        int total = 0;
        for (StressEnding ending : values()) {
            total += ending.weight;
        }
        int pick = random.nextInt(total);
        for (StressEnding ending : values()) {
            pick -= ending.weight;
            if (pick < 0) {
                return ending;
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }
}
