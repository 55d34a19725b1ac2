package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The statically linked ffmpeg the WAR carries (ws.schild:jave-nativebin-linux64: ffmpeg 4.4.1 with libx264,
 * libopus and rtmp/rtmps; it needs no shared library, so it runs on a server that has nothing but a JDK).
 * Written under {@code java.io.tmpdir} to a folder named after its build and the user, that only this user may
 * read, and reused by the next start: a server stopped hard (Payara Micro halts on SIGTERM) cannot clean up, and
 * a folder per start would fill the disk 74 MiB at a time. A folder of that name that is not this user's own and
 * private is never used; a new random one is made instead. The slim WAR does not carry the binary.
 */
final class BundledFfmpeg {

    static final String RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final String BUILD = "META-INF/maven/ws.schild/jave-nativebin-linux64/pom.properties";
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_PROGRAM = PosixFilePermissions.fromString("r-x------");

    /** Where the binary was written, or why it could not be. */
    record Extracted(Path path, String problem) {
    }

    private static Extracted extracted;

    private BundledFfmpeg() {
    }

    static synchronized Extracted extract() {
        if (extracted == null || extracted.path() == null) {
            extracted = write(BundledFfmpeg.class.getClassLoader(), Path.of(System.getProperty("java.io.tmpdir")));
        }
        return extracted;
    }

    static Extracted write(ClassLoader loader, Path tmp) {
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Extracted(null, "the bundled ffmpeg is built for Linux x86-64 and this server is " + os + "/"
                    + arch + ": install ffmpeg on the PATH or set relay.ffmpeg.path");
        }
        URL binary = loader.getResource(RESOURCE);
        if (binary == null) {
            return new Extracted(null, "this WAR carries no ffmpeg (the slim build): install ffmpeg on the PATH"
                    + " or set relay.ffmpeg.path");
        }
        try {
            URLConnection connection = binary.openConnection();
            connection.setUseCaches(false); // a cached jar would stay open after undeploy
            long size = connection.getContentLengthLong();
            Path dir = tmp.resolve("live-relay-ffmpeg-" + build(loader) + "-" + user());
            Path file = dir.resolve("ffmpeg");
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another server of this user made it a moment ago: checked below like any other
                }
            }
            if (!ours(dir)) {
                dir = Files.createTempDirectory(tmp, "live-relay-ffmpeg-",
                        PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                file = dir.resolve("ffmpeg");
                dir.toFile().deleteOnExit();
                file.toFile().deleteOnExit();
            }
            if (!(ours(file) && Files.size(file) == size
                    && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE_PROGRAM))) {
                Path part = Files.createTempFile(dir, "ffmpeg-", ".part");
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(part, PRIVATE_PROGRAM);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Extracted(file, null);
        } catch (IOException | UnsupportedOperationException e) {
            return new Extracted(null, "the bundled ffmpeg could not be written under java.io.tmpdir (" + tmp
                    + "): " + e);
        }
    }

    /** Not a link, owned by this user, and (a folder) readable by nobody else. */
    private static boolean ours(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
            return false;
        }
        boolean owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        return owner && (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                || Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE_DIR));
    }

    /** "3.5.0", the version of the jar that carries the binary: a new build gets a folder of its own. */
    private static String build(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(BUILD)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return safe(properties.getProperty("version", "unknown"));
        }
    }

    private static String user() {
        return safe(System.getProperty("user.name", "unknown"));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
