package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program headers of a 64-bit little-endian ELF executable, enough to tell what it asks of the dynamic loader:
 * a program with no interpreter ({@code PT_INTERP}) and no dynamic segment ({@code PT_DYNAMIC}) is statically
 * linked and loads no shared library at all.
 */
public record ElfFile(int machine, List<Integer> segmentTypes) {

    public static final int EM_X86_64 = 62;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;

    public static ElfFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                throw new IllegalArgumentException(file + " is not a 64-bit little-endian ELF file");
            }
            int machine = Short.toUnsignedInt(header.getShort(18));
            long programHeaders = header.getLong(32);
            int entrySize = Short.toUnsignedInt(header.getShort(54));
            int entries = Short.toUnsignedInt(header.getShort(56));
            ByteBuffer table = ByteBuffer.allocate(entrySize * entries).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(table, programHeaders);
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                types.add(table.getInt(i * entrySize));
            }
            return new ElfFile(machine, List.copyOf(types));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No interpreter, no dynamic segment: the kernel maps it and runs it, nothing else is loaded. */
    public boolean isStatic() {
        return !segmentTypes.contains(PT_INTERP) && !segmentTypes.contains(PT_DYNAMIC);
    }
}
