package io.liverelay.config.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The coders of ffmpeg's own AAC encoder ({@code -aac_coder}) that the relay offers. */
public enum AacCoder {
    /** Costs about a third less CPU than twoloop on voice and room noise, more on a pure tone (BENCHMARKS.md). */
    FAST,
    /** ffmpeg's own default. */
    TWOLOOP;

    /** The name ffmpeg and {@code relay.audio.aacCoder} use. */
    public String argument() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The coder of exactly this name; empty for any other text. */
    public static Optional<AacCoder> of(String argument) {
        return Arrays.stream(values()).filter(c -> c.argument().equals(argument)).findFirst();
    }
}
