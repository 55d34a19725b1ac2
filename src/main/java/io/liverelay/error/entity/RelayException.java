package io.liverelay.error.entity;

/** A failure with a name from {@link RelayError}; its message is safe to show to the client (no secrets). */
public class RelayException extends Exception {

    private final RelayError error;

    public RelayException(RelayError error, String message) {
        super(message);
        this.error = error;
    }

    public RelayException(RelayError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public RelayError error() {
        return error;
    }
}
