package io.liverelay.rtmp.control;

import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AMF0 command, ours or the server's: name, transaction id, then the arguments (a command object, often null,
 * first). The server's {@code onStatus}, {@code _result} and {@code _error} carry an info object with
 * {@code level}, {@code code} and {@code description}.
 */
record Command(String name, double transaction, List<Object> arguments) {

    static final String FLASH_VERSION = "FMLE/3.0 (compatible; FMSc/1.0)";

    /** The server's command; null for a message whose first value is no name. */
    static Command parse(Message message) throws ProtocolException {
        List<Object> values = Amf0.decode(message.payload());
        if (values.size() < 2 || !(values.get(0) instanceof String name) || !(values.get(1) instanceof Double id)) {
            return null;
        }
        return new Command(name, id, values.subList(2, values.size()));
    }

    static byte[] connect(String app, String tcUrl) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", app);
        object.put("type", "nonprivate");
        object.put("flashVer", FLASH_VERSION);
        object.put("tcUrl", tcUrl);
        return Amf0.encode("connect", 1, object);
    }

    /** A call without a command object, as every command after connect is. */
    static byte[] call(String name, int transaction, Object... arguments) {
        List<Object> values = new ArrayList<>(List.of(name, transaction));
        values.add(null);
        values.addAll(Arrays.asList(arguments));
        return Amf0.encode(values.toArray());
    }

    boolean is(String expected, int id) {
        return name.equals(expected) && transaction == id;
    }

    /** The last object among the arguments: the info of a status or an error (after the command object, if any). */
    Map<?, ?> info() {
        Map<?, ?> info = Map.of();
        for (Object argument : arguments) {
            if (argument instanceof Map<?, ?> map) {
                info = map;
            }
        }
        return info;
    }

    String code() {
        return text("code");
    }

    String level() {
        return text("level");
    }

    String description() {
        return text("description");
    }

    /** The first number among the arguments, e.g. createStream's stream id. */
    Double number() {
        return arguments.stream().filter(Double.class::isInstance).map(Double.class::cast).findFirst().orElse(null);
    }

    private String text(String key) {
        return info().get(key) instanceof String value ? value : "";
    }
}
