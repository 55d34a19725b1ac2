package io.liverelay.config.control;

import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps the seed's {@code serverLogs.minLevel} names onto the level of the {@code io.liverelay} loggers. Both
 * Payara and WildFly route {@code System.Logger} through java.util.logging, so this is where the level lives.
 */
public final class ServerLogLevel {

    private static final Map<String, Level> LEVELS = Map.of(
            "silly", Level.FINEST, "trace", Level.FINER, "debug", Level.FINE, "info", Level.INFO,
            "warn", Level.WARNING, "error", Level.SEVERE, "fatal", Level.SEVERE);

    /** Held so that java.util.logging cannot forget the level along with a weakly referenced logger. */
    private static final Logger RELAY = Logger.getLogger("io.liverelay");

    private ServerLogLevel() {
    }

    public static Level parse(String name) {
        Level level = LEVELS.get(name.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("relay.serverLogs.minLevel must be one of " + LEVELS.keySet()
                    + ", not '" + name + "'");
        }
        return level;
    }

    public static void apply(String name) {
        RELAY.setLevel(parse(name));
    }
}
