package io.liverelay.rtmp.control;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of AMF0 that RTMP commands use, as Java values: Number as Double, Boolean, String, null (also for
 * undefined), Object and ECMA array as an ordered Map, strict array as a List. Decoding is bounded: it never
 * allocates more than the input holds, and a server's nesting or value count past the bound is refused.
 */
public final class Amf0 {

    static final int NUMBER = 0x00, BOOLEAN = 0x01, STRING = 0x02, OBJECT = 0x03, NULL = 0x05, UNDEFINED = 0x06,
            ECMA_ARRAY = 0x08, OBJECT_END = 0x09, STRICT_ARRAY = 0x0A, DATE = 0x0B, LONG_STRING = 0x0C;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_VALUES = 4096;

    private Amf0() {
    }

    /** The values one after another, as a command or data message's body. */
    public static byte[] encode(Object... values) {
        var out = new ByteArrayOutputStream();
        for (Object value : values) {
            write(out, value);
        }
        return out.toByteArray();
    }

    /** Every value in {@code data}; a truncated or hostile body is a {@link ProtocolException}. */
    public static List<Object> decode(byte[] data) throws ProtocolException {
        var reader = new Reader(data);
        List<Object> values = new ArrayList<>();
        while (reader.at < data.length) {
            values.add(reader.value(0));
        }
        return values;
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof Number number) {
            out.write(NUMBER);
            long bits = Double.doubleToLongBits(number.doubleValue());
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift));
            }
        } else if (value instanceof Boolean bool) {
            out.write(BOOLEAN);
            out.write(bool ? 1 : 0);
        } else if (value instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) {
                out.write(LONG_STRING);
                write32(out, utf8.length);
            } else {
                out.write(STRING);
                write16(out, utf8.length);
            }
            out.writeBytes(utf8);
        } else if (value instanceof Map<?, ?> map) {
            out.write(OBJECT);
            map.forEach((key, field) -> {
                writeKey(out, key.toString());
                write(out, field);
            });
            writeKey(out, "");
            out.write(OBJECT_END);
        } else if (value instanceof List<?> list) {
            out.write(STRICT_ARRAY);
            write32(out, list.size());
            list.forEach(item -> write(out, item));
        } else {
            throw new IllegalArgumentException("no AMF0 form for " + value.getClass().getName());
        }
    }

    private static void writeKey(ByteArrayOutputStream out, String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("an AMF0 object key longer than 65535 bytes");
        }
        write16(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void write16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void write32(ByteArrayOutputStream out, int value) {
        write16(out, value >>> 16);
        write16(out, value);
    }

    /** One pass over a body; {@code values} counts every value and key so that the total work is bounded too. */
    private static final class Reader {

        private final byte[] data;
        private int at;
        private int values;

        Reader(byte[] data) {
            this.data = data;
        }

        Object value(int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("AMF0 nested deeper than " + MAX_DEPTH);
            }
            if (++values > MAX_VALUES) {
                throw new ProtocolException("more than " + MAX_VALUES + " AMF0 values");
            }
            int marker = u8();
            return switch (marker) {
                case NUMBER -> Double.longBitsToDouble(u32() << 32 | u32());
                case BOOLEAN -> u8() != 0;
                case STRING -> text(u16());
                case LONG_STRING -> text(u32());
                case NULL, UNDEFINED -> null;
                case OBJECT -> properties(depth);
                case ECMA_ARRAY -> {
                    u32(); // a count the server may get wrong: the end marker decides
                    yield properties(depth);
                }
                case STRICT_ARRAY -> array(depth);
                case DATE -> {
                    need(10); // milliseconds as a double, then a time zone nobody uses
                    double millis = Double.longBitsToDouble(u32() << 32 | u32());
                    u16();
                    yield millis;
                }
                default -> throw new ProtocolException("AMF0 type " + marker + " is not supported");
            };
        }

        private Map<String, Object> properties(int depth) throws ProtocolException {
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                String key = text(u16());
                if (key.isEmpty() && at < data.length && (data[at] & 0xFF) == OBJECT_END) {
                    at++;
                    return Collections.unmodifiableMap(map);
                }
                map.put(key, value(depth + 1));
            }
        }

        private List<Object> array(int depth) throws ProtocolException {
            long count = u32();
            // each value takes at least one byte, so a count past the remaining input is a lie
            if (count > data.length - at) {
                throw new ProtocolException("an AMF0 array of " + count + " values in " + (data.length - at) + " bytes");
            }
            List<Object> list = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                list.add(value(depth + 1));
            }
            return Collections.unmodifiableList(list);
        }

        private String text(long length) throws ProtocolException {
            need(length);
            String text = new String(data, at, (int) length, StandardCharsets.UTF_8);
            at += (int) length;
            return text;
        }

        private int u8() throws ProtocolException {
            need(1);
            return data[at++] & 0xFF;
        }

        private int u16() throws ProtocolException {
            return u8() << 8 | u8();
        }

        private long u32() throws ProtocolException {
            return (long) u16() << 16 | u16();
        }

        private void need(long bytes) throws ProtocolException {
            if (bytes > data.length - at) {
                throw new ProtocolException("AMF0 value cut off at byte " + at);
            }
        }
    }
}
