package io.liverelay.bench;

import io.liverelay.testsupport.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The floor of issue 14 as a server: {@link NaiveRelayEndpoint} alone in a WAR (written with ShrinkWrap, already a
 * test dependency) on Payara Micro in a JVM of its own, so that its JVM and its ffmpeg children are measured exactly
 * as our relay's are. Same container, same JVM options, same ffmpeg binary: what differs is the code between the
 * socket and ffmpeg, and ffmpeg's arguments.
 */
final class NaiveRelay {

    /** The context root, also the WAR's name: the browsers connect to {@code /naive-relay/stream}. */
    static final String CONTEXT = "naive-relay";

    private static final String RELAY_FFMPEG = "-Drelay.ffmpeg.path=";

    private NaiveRelay() {
    }

    /** Writes the WAR and starts it; {@code serverOptions} are the relay's JVM options of this run. */
    static PayaraMicro start(Path workDir, BenchPaths paths, List<String> serverOptions) {
        Path war = war(workDir);
        List<String> options = new ArrayList<>(serverOptions);
        options.add("-D" + NaiveRelayEndpoint.FFMPEG_PROPERTY + "=" + ffmpeg(serverOptions, Tools::ffmpeg));
        return PayaraMicro.start(workDir, paths.payaraMicroJar(), war, CONTEXT, options, List.of());
    }

    /**
     * The ffmpeg our relay runs with the same options: the one {@code -Drelay.ffmpeg.path} names, else what the
     * relay would find itself (PATH, then the bundled one), as {@code fallback} does.
     */
    static String ffmpeg(List<String> serverOptions, Supplier<Path> fallback) {
        Optional<String> configured = serverOptions.stream().filter(o -> o.startsWith(RELAY_FFMPEG))
                .map(o -> o.substring(RELAY_FFMPEG.length())).reduce((first, last) -> last);
        return configured.orElseGet(() -> fallback.get().toAbsolutePath().toString());
    }

    private static Path war(Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path war = workDir.resolve(CONTEXT + ".war");
        ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
                .addClass(NaiveRelayEndpoint.class)
                // the readiness check of PayaraMicro asks for /<context>/
                .addAsWebResource(new StringAsset("naive relay\n"), "index.html")
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }
}
