package io.liverelay.admin.boundary;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.recording.control.Recordings;
import io.liverelay.recording.entity.Recording;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;

/** {@code /api/admin/recordings}: the server's recordings, to list, download and delete (role relay-admin). */
@RequestScoped
@Path("admin/recordings")
public class RecordingsResource {

    @Inject
    RelayConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Recording> all() throws IOException {
        return recordings().list();
    }

    @GET
    @Path("{name}")
    @Produces("video/mp4")
    public Response download(@PathParam("name") String name) {
        java.nio.file.Path file = recordings().file(name).orElseThrow(NotFoundException::new);
        return Response.ok(file.toFile(), "video/mp4")
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"").build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) throws IOException {
        if (!recordings().delete(name)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }

    private Recordings recordings() {
        return new Recordings(java.nio.file.Path.of(config.recordingDir().orElseThrow(NotFoundException::new)));
    }
}
