package io.liverelay.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads /proc to tell whether a given process has a TCP socket in LISTEN state on a given port. */
final class ListeningSockets {

    private static final String LISTEN = "0A";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningSockets() {
    }

    /** True if a LISTEN socket on the port exists and, where /proc/<pid>/fd is readable, belongs to that pid. */
    static boolean isListening(long pid, int port) {
        Set<String> listening = listeningInodes(port);
        if (listening.isEmpty()) {
            return false;
        }
        // where /proc/<pid>/fd cannot be read, the port alone has to do
        return socketInodes(pid).map(owned -> listening.stream().anyMatch(owned::contains)).orElse(true);
    }

    // columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    private static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(table)) {
                lines.skip(1).map(String::trim).map(line -> line.split("\\s+")).forEach(column -> {
                    String local = column[1];
                    int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    if (localPort == port && LISTEN.equals(column[3])) {
                        inodes.add(column[9]);
                    }
                });
            } catch (IOException | RuntimeException e) {
                // a table that cannot be read or parsed tells nothing; the other one may
            }
        }
        return inodes;
    }

    private static Optional<Set<String>> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing
                }
            });
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(inodes);
    }
}
