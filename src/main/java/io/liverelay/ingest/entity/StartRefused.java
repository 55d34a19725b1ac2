package io.liverelay.ingest.entity;

/**
 * Thrown by a start hook (an observer of {@link StartRequest}) to refuse a start at once; the browser gets
 * {@code START_REFUSED} with this message, so it must hold nothing secret.
 */
public class StartRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartRefused(String message) {
        super(message);
    }
}
