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
import java.util.Map;

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

    /** Stops one destination of a stream with several: 204, 404 when there is none such, 409 when it cannot be. */
    @DELETE
    @Path("{uuid}/destinations/{index}")
    public Response stopDestination(@PathParam("uuid") String uuid, @PathParam("index") int index) {
        return answer(connections.stopDestination(uuid, index));
    }

    /** The answer to a destination's stop on this node; the cluster's stop gives the same for a stream here. */
    static Response answer(Connections.DestinationStop outcome) {
        return switch (outcome) {
            case STOPPED -> Response.noContent().build();
            case UNKNOWN -> throw new NotFoundException();
            case REFUSED -> Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("message", "This destination has ended already, or it is the last one still"
                            + " running: stop the stream instead.")).build();
        };
    }
}
