package io.liverelay.cluster.control;

import io.liverelay.cluster.entity.ClusterStream;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;

/** A node's streams as the one JSON value it keeps in the store. */
final class StreamsJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private StreamsJson() {
    }

    static String write(List<ClusterStream> streams) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (ClusterStream s : streams) {
            array.add(JSON.createObjectBuilder().add("node", s.node()).add("id", s.id())
                    .add("user", s.user() == null ? JsonValue.NULL : JSON.createValue(s.user()))
                    .add("live", s.live()).add("status", s.status()));
        }
        return array.build().toString();
    }

    static List<ClusterStream> read(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream()
                    .map(o -> new ClusterStream(o.getString("node"), o.getString("id"),
                            o.isNull("user") ? null : o.getString("user"), o.getBoolean("live"),
                            o.getString("status")))
                    .toList();
        }
    }
}
