package io.liverelay.ingest.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Fires each lifecycle event to {@code @Observes} methods (synchronously, in order) and to
 * {@code @ObservesAsync} methods (on the managed executor). A failing observer is logged and never breaks
 * the stream that fired the event.
 */
@ApplicationScoped
public class LifecycleEvents {

    private static final Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    @Inject
    Event<Object> events;

    @Resource
    ManagedExecutorService executor;

    public void fire(Object event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of " + event.getClass().getSimpleName() + " failed", e);
        }
        try {
            events.fireAsync(event, NotificationOptions.ofExecutor(executor))
                    .exceptionally(e -> {
                        LOG.log(Level.WARNING, "An async observer of " + event.getClass().getSimpleName()
                                + " failed", e);
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Async observers of " + event.getClass().getSimpleName() + " not notified", e);
        }
    }
}
