package io.liverelay.admin.boundary;

import io.liverelay.admin.entity.ClusterStreams;
import io.liverelay.cluster.control.Cluster;
import io.liverelay.cluster.entity.ClusterView;
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
 * {@code /api/admin/cluster}: every node's connections, each with its node's name, and a stop that reaches the
 * node that runs the stream. On a node on its own, the cluster is that node.
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
        ClusterView view = cluster.view();
        if (view.stale()) {
            throw new ServiceUnavailableException("The cluster store does not answer: try again, or stop the stream"
                    + " on its own node.");
        }
        String node = view.streams().stream().filter(s -> s.id().equals(uuid)).findFirst()
                .orElseThrow(NotFoundException::new).node();
        cluster.requestStop(node, uuid);
        return Response.accepted().build();
    }
}
