package io.liverelay.bench;

import io.liverelay.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The relay under test: the WAR on Payara Micro, started the way the README says, on a free port of 127.0.0.1,
 * with the repository's post-boot file. Destinations on 127.0.0.1 are allowed and the stream limit is lifted,
 * since the benchmark is there to find the limit.
 */
final class PayaraMicro implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration BOOTED_GRACE = Duration.ofSeconds(15);

    private final ManagedProcess process;
    private final int port;
    private final Path log;
    private final String context;

    private PayaraMicro(ManagedProcess process, int port, Path log, String context) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.context = context;
    }

    /** Every simulated browser connects from 127.0.0.1: no limit may stand between them and what is measured. */
    static final List<String> RELAY_OPTIONS = List.of(
            "-Drelay.destinations.allowedHosts=127.0.0.1", "-Drelay.maxFfmpegInstances=0",
            "-Drelay.maxTranscodes=0", "-Drelay.ws.maxConnections=0", "-Drelay.ws.maxConnectionsPerAddress=0");

    /** Starts the server and waits until the WAR answers; {@code jvmOptions} come before {@code -jar}. */
    static PayaraMicro start(Path workDir, BenchPaths paths, Path war, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(RELAY_OPTIONS);
        options.addAll(jvmOptions);
        return start(workDir, paths.payaraMicroJar(), war, "relay", options,
                List.of("--postbootcommandfile", paths.postBootCommands().toString()));
    }

    /**
     * Any WAR on Payara Micro: deployed at {@code /<context>} (its file name without .war), ready once
     * {@code /<context>/} answers 200; {@code arguments} go to Payara Micro after the port.
     */
    static PayaraMicro start(Path workDir, Path microJar, Path war, String context, List<String> jvmOptions,
            List<String> arguments) {
        try {
            Files.createDirectories(workDir);
            int port = Loopback.freePort();
            Path log = workDir.resolve("payara.log");
            List<String> command = new ArrayList<>(List.of(javaExecutable()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", microJar.toString(),
                    "--nocluster", "--port", Integer.toString(port),
                    "--rootdir", workDir.resolve("payara-root").toString()));
            command.addAll(arguments);
            command.addAll(List.of("--deploy", war.toString()));
            var process = ManagedProcess.start(new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(log.toFile()));
            var server = new PayaraMicro(process, port, log, context);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI streamUri() {
        return URI.create("ws://127.0.0.1:" + port + "/" + context + "/stream");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGTERM (the relay stops its streams at undeploy), SIGKILL after a grace period. */
    @Override
    public void close() {
        process.close();
    }

    /**
     * Copies the WAR out of the shared build tree, so a rebuild by someone else cannot change it mid-run; a WAR
     * being rewritten right now is waited for.
     */
    static Path copyWar(Path war, Path dir) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                Files.createDirectories(dir);
                Path copy = dir.resolve("relay.war");
                Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
                try (var zip = new ZipFile(copy.toFile())) {
                    if (zip.getEntry("WEB-INF/classes/io/liverelay/ingest/boundary/StreamEndpoint.class") != null) {
                        return copy;
                    }
                }
            } catch (IOException e) {
                // not a whole WAR yet: a build is writing it
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(war + " is not a complete relay WAR; build it first");
            }
            Loopback.sleep(Duration.ofSeconds(2));
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + context + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long bootedAt = 0;
        while (System.nanoTime() < deadline) {
            if (bootedAt == 0 && logContains("ready in")) {
                bootedAt = System.nanoTime();
            }
            if (bootedAt != 0 && System.nanoTime() - bootedAt > BOOTED_GRACE.toNanos()) {
                close();
                throw new IllegalStateException("Payara Micro is up but /" + context
                        + "/ is not (did the deployment fail?); see " + log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited while starting; see " + log);
            }
            try {
                if (http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Payara Micro", e);
            }
            Loopback.sleep(POLL);
        }
        close();
        throw new IllegalStateException("Payara Micro did not serve /" + context + "/ within " + READY_TIMEOUT
                + "; see " + log);
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
