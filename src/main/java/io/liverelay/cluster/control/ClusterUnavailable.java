package io.liverelay.cluster.control;

/** The cluster store did not answer in time or refused: callers fall back to what this node knows. */
public class ClusterUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
