package io.liverelay;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS resources of the relay live under {@code /api}. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
