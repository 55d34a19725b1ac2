package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ingest.entity.StartRefused;
import io.liverelay.ingest.entity.StartRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Runs the application's start hooks: every {@code @Observes StartRequest} method, in {@code @Priority}
 * order, on the stream's own task. A refusal becomes {@code START_REFUSED}; a failing hook, {@code HOOK_FAILED}.
 */
@ApplicationScoped
public class StartHooks {

    private static final Logger LOG = System.getLogger(StartHooks.class.getName());

    @Inject
    Event<StartRequest> hooks;

    public void apply(StartRequest request) throws RelayException {
        try {
            hooks.fire(request);
        } catch (StartRefused refused) {
            request.refuse(refused.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "A start hook failed for stream " + request.streamId(), e);
            throw new RelayException(RelayError.HOOK_FAILED, RelayError.HOOK_FAILED.summary());
        }
        if (request.refusal().isPresent()) {
            throw new RelayException(RelayError.START_REFUSED, request.refusal().get());
        }
    }
}
