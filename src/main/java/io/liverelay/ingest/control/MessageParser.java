package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Turns a text frame into a {@link ClientMessage}, or into a named error that says what was wrong. */
public final class MessageParser {

    // looked up once: Json.* searches the class path for a provider on every call
    private static final JsonProvider JSON = JsonProvider.provider();

    private MessageParser() {
    }

    public static ClientMessage parse(String text) throws RelayException {
        JsonObject json = readObject(text);
        JsonValue type = json.get("type");
        if (!(type instanceof JsonString)) {
            throw new RelayException(RelayError.INVALID_MESSAGE, "The message has no string field 'type'.");
        }
        String name = ((JsonString) type).getString();
        switch (name) {
            case "start":
                JsonValue config = json.get("config");
                if (config == null || config.getValueType() == JsonValue.ValueType.NULL) {
                    return new ClientMessage.Start(JsonValue.EMPTY_JSON_OBJECT);
                }
                if (config.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new RelayException(RelayError.INVALID_MESSAGE, "'config' must be a JSON object.");
                }
                return new ClientMessage.Start(config.asJsonObject());
            case "stop":
                return new ClientMessage.Stop();
            case "ping":
                return new ClientMessage.Ping();
            case "pause":
                return new ClientMessage.Pause();
            case "resume":
                return json.containsKey("token") ? reattach(json) : new ClientMessage.Resume();
            default:
                throw new RelayException(RelayError.UNKNOWN_MESSAGE_TYPE,
                        "Unknown message type '" + shorten(name) + "': use 'start', 'stop', 'ping', 'pause' or 'resume'.");
        }
    }

    private static ClientMessage.Reattach reattach(JsonObject json) throws RelayException {
        String id = string(json, "id");
        String token = string(json, "token");
        if (id == null || token == null || id.isEmpty() || token.isEmpty() || id.length() > 64 || token.length() > 128) {
            throw new RelayException(RelayError.RESUME_FAILED,
                    "A resume needs the string fields 'id' and 'token' that 'started' or 'resumed' gave.");
        }
        String mimeType = string(json, "mimeType");
        return new ClientMessage.Reattach(id, token, mimeType == null || mimeType.length() > 256 ? null : mimeType);
    }

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }

    private static JsonObject readObject(String text) throws RelayException {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new RelayException(RelayError.INVALID_MESSAGE, "The message is empty.");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new RelayException(RelayError.INVALID_MESSAGE, "The message must be a JSON object.");
            }
            if (parser.hasNext()) {
                throw new RelayException(RelayError.INVALID_MESSAGE, "The message must be exactly one JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new RelayException(RelayError.INVALID_MESSAGE, "The message is not valid JSON.");
        }
    }

    /** Echoes at most a little of what the client sent, so an error never amplifies a huge input. */
    private static String shorten(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 32 ? printable : printable.substring(0, 32) + "…";
    }
}
