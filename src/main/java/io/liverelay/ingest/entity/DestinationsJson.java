package io.liverelay.ingest.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/**
 * Destinations in one JSON shape wherever they are shown: the {@code destinations} message to the browser and the
 * admin API's connections. States are in lower case, the last error is an object with a name and a message.
 */
public final class DestinationsJson implements JsonbAdapter<List<DestinationStatus>, JsonArray> {

    // looked up once: Json.* searches the class path for a provider on every call
    private static final JsonProvider JSON = JsonProvider.provider();

    public static JsonArray array(List<DestinationStatus> destinations) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (DestinationStatus d : destinations) {
            JsonObjectBuilder one = JSON.createObjectBuilder().add("index", d.index()).add("url", d.url())
                    .add("state", d.state().wireName()).add("bytes", d.bytes()).add("bitrateKbps", d.bitrateKbps())
                    .add("reconnects", d.reconnects()).add("skippedBytes", d.skippedBytes());
            if (d.errorName() == null) {
                one.addNull("error");
            } else {
                one.add("error", JSON.createObjectBuilder().add("name", d.errorName())
                        .add("message", d.errorMessage() == null ? "" : d.errorMessage()));
            }
            list.add(one);
        }
        return list.build();
    }

    @Override
    public JsonArray adaptToJson(List<DestinationStatus> destinations) {
        return array(destinations);
    }

    @Override
    public List<DestinationStatus> adaptFromJson(JsonArray json) {
        throw new UnsupportedOperationException("destinations are only ever written");
    }
}
