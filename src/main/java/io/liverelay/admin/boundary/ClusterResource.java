package io.liverelay.admin.boundary;

import io.liverelay.admin.entity.ClusterStreams;
import io.liverelay.cluster.control.Cluster;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.ingest.control.Connections;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/admin/cluster}: every node's connections, each with its node's name, and stops (of a stream, or of
 * one of its destinations) that reach the node that runs the stream. On a node on its own, the cluster is that
 * node.
 */
@RequestScoped
@Path("admin/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    Cluster cluster;

    @Inject
    Connections connections;

    @GET
    public ClusterStreams all() {
        return ClusterStreams.of(cluster.node(), cluster.view());
    }

    /** 204 when the stream was here and is stopping; 202 when its node was asked and will stop it at its beat. */
    @DELETE
    @Path("streams/{uuid}")
    public Response stop(@PathParam("uuid") String uuid) {
        if (connections.stop(uuid)) {
            return Response.noContent().build();
        }
        cluster.requestStop(nodeOf(uuid), StopRequest.ofStream(uuid));
        return Response.accepted().build();
    }

    /**
     * Stops one destination of a stream with several, wherever the stream runs. Here: as
     * {@code /api/admin/connections/{uuid}/destinations/{index}} (204, 404, 409). Elsewhere: 202 when its node
     * was asked (it stops the destination at its beat, unless that one has ended or is the last still running),
     * 404 when no node runs the stream, 503 when the store does not answer.
     */
    @DELETE
    @Path("streams/{uuid}/destinations/{index}")
    public Response stopDestination(@PathParam("uuid") String uuid, @PathParam("index") int index) {
        if (connections.getConnection(uuid).isPresent()) {
            return ConnectionsResource.answer(connections.stopDestination(uuid, index));
        }
        if (index < 0) {
            throw new NotFoundException();
        }
        cluster.requestStop(nodeOf(uuid), StopRequest.ofDestination(uuid, index));
        return Response.accepted().build();
    }

    /** The node that runs a stream this one does not, as the store says now. */
    private String nodeOf(String uuid) {
        ClusterView view = cluster.view();
        if (view.stale()) {
            throw new ServiceUnavailableException("The cluster store does not answer: try again, or stop the stream"
                    + " on its own node.");
        }
        return view.streams().stream().filter(s -> s.id().equals(uuid)).findFirst()
                .orElseThrow(NotFoundException::new).node();
    }
}
