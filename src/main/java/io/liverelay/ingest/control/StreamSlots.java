package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/** The seed's {@code maxFfmpegInstances}: a slot per ffmpeg, taken before it starts, given back when it ends. */
@ApplicationScoped
public class StreamSlots {

    @Inject
    RelayConfig config;

    private final AtomicInteger taken = new AtomicInteger();

    public boolean tryAcquire() {
        int max = config.maxFfmpegInstances();
        while (true) {
            int now = taken.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        taken.decrementAndGet();
    }

    public int taken() {
        return taken.get();
    }

    public int max() {
        return config.maxFfmpegInstances();
    }
}
