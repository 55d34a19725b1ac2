package io.liverelay.rtmp.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    @Test
    void everyTypeRoundTrips() throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("level", "status");
        object.put("code", "NetStream.Publish.Start");
        object.put("nested", Map.of("n", 2.5));
        object.put("list", List.of(1.0, "two"));
        object.put("none", null);
        List<Object> values = Arrays.asList("_result", 4.0, null, true, false, "ü€", object, -0.125, "x".repeat(70_000));

        assertEquals(values, Amf0.decode(Amf0.encode(values.toArray())));
    }

    @Test
    void numbersAreBigEndianDoublesAndStringsHaveA16BitLength() {
        assertArrayEquals(new byte[] {0, 0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 'o', 'k'},
                Amf0.encode(1, "ok"));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", null);
        assertArrayEquals(new byte[] {3, 0, 1, 'a', 5, 0, 0, 9}, Amf0.encode(object));
    }

    @Test
    void anEcmaArrayIsReadLikeAnObjectWhateverItsCountSays() throws Exception {
        byte[] ecma = {8, 0, 0, 0, 99, 0, 1, 'w', 0, 0x40, (byte) 0x94, 0, 0, 0, 0, 0, 0, 0, 0, 9};
        assertEquals(List.of(Map.of("w", 1280.0)), Amf0.decode(ecma));
    }

    @Test
    void aDateAndUndefinedAreRead() throws Exception {
        byte[] data = {0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x06};
        assertEquals(Arrays.asList(0.0, null), Amf0.decode(data));
    }

    @Test
    void aTruncatedValueIsRefused() {
        byte[] encoded = Amf0.encode("onStatus");
        assertThrows(ProtocolException.class, () -> Amf0.decode(Arrays.copyOf(encoded, encoded.length - 1)));
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {0, 1, 2}));
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {3, 0, 1, 'a'}), "object without end");
    }

    @Test
    void aHostileLengthOrCountAllocatesNothing() {
        // a long string claiming 2 GiB, a strict array claiming 4 billion values
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {0x0C, 0x7F, -1, -1, -1, 'x'}));
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {0x0A, -1, -1, -1, -1, 5}));
    }

    @Test
    void nestingAndValueCountAreBounded() {
        var deep = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            deep.writeBytes(new byte[] {0x0A, 0, 0, 0, 1});
        }
        deep.write(5);
        assertThrows(ProtocolException.class, () -> Amf0.decode(deep.toByteArray()));

        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(null);
        }
        assertThrows(ProtocolException.class, () -> Amf0.decode(Amf0.encode(many.toArray())));
    }

    @Test
    void unsupportedTypesAreRefused() {
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {0x07, 0, 1}), "reference");
        assertThrows(ProtocolException.class, () -> Amf0.decode(new byte[] {0x11}), "AMF3 switch");
        assertThrows(IllegalArgumentException.class, () -> Amf0.encode(new Object()));
    }
}
