package io.liverelay.admin.boundary;

import io.liverelay.ingest.control.Connections;
import io.liverelay.ingest.entity.ConnectionStatus;
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
import java.util.List;

/** {@code /api/admin/connections}: list, read one, stop one. */
@RequestScoped
@Path("admin/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    @Inject
    Connections connections;

    @GET
    public List<ConnectionStatus> all() {
        return connections.getConnections();
    }

    @GET
    @Path("{uuid}")
    public ConnectionStatus one(@PathParam("uuid") String uuid) {
        return connections.getConnection(uuid).orElseThrow(NotFoundException::new);
    }

    @DELETE
    @Path("{uuid}")
    public Response stop(@PathParam("uuid") String uuid) {
        if (!connections.stop(uuid)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }
}
