package io.liverelay.demo.boundary;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.demo.control.SinkReader;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;

/** {@code /api/demo-defaults}, {@code /api/demo-sink} and {@code /api/demo-preview.jpg}, for the demo page only. */
@RequestScoped
@Path("")
public class DemoResource {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    RelayConfig config;

    @Inject
    SinkReader sink;

    @GET
    @Path("demo-defaults")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject defaults() {
        String rtmp = config.demoRtmpUrl().orElseThrow(NotFoundException::new);
        return JSON.createObjectBuilder().add("rtmp", rtmp).build();
    }

    /** What the local sink receives, as its own ffmpeg sees it: the page's proof of arrival. */
    @GET
    @Path("demo-sink")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sink() {
        java.nio.file.Path dir = config.demoSinkDir().map(java.nio.file.Path::of).orElseThrow(NotFoundException::new);
        return Response.ok(SinkJson.of(sink.read(dir))).cacheControl(noStore()).build();
    }

    @GET
    @Path("demo-preview.jpg")
    @Produces("image/jpeg")
    public Response preview() {
        java.nio.file.Path picture = config.demoSinkDir()
                .map(dir -> java.nio.file.Path.of(dir, "preview.jpg"))
                .filter(Files::isRegularFile)
                .orElseThrow(NotFoundException::new);
        return Response.ok(picture.toFile()).cacheControl(noStore()).build();
    }

    private static CacheControl noStore() {
        CacheControl noCache = new CacheControl();
        noCache.setNoStore(true);
        return noCache;
    }
}
