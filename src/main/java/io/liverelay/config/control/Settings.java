package io.liverelay.config.control;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Looks a setting up by its name, e.g. {@code relay.queue.maxBytes}: in MicroProfile Config where the server
 * has it (Payara, WildFly: then server-side config sources and {@code META-INF/microprofile-config.properties}
 * count too), else as a JVM system property, then as an environment variable ({@code RELAY_QUEUE_MAXBYTES}).
 * All of them work on every server without recompiling.
 */
public class Settings {

    private final Function<String, String> properties;
    private final Function<String, String> environment;

    public Settings() {
        this(MicroProfileConfig.lookup().orElse(System::getProperty), System::getenv);
    }

    public Settings(Function<String, String> properties, Function<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public Optional<String> string(String name) {
        String value = properties.apply(name);
        if (value == null) {
            value = environment.apply(envName(name));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    public boolean bool(String name, boolean fallback) {
        return string(name).map(Boolean::parseBoolean).orElse(fallback);
    }

    public long number(String name, long fallback, long min, long max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + raw.get() + "'", e);
        }
    }

    static String envName(String name) {
        return name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
