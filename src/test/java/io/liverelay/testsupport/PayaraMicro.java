package io.liverelay.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The built WAR on a Payara Micro of its own, for the few tests that need server options other than those of
 * the Arquillian container (one deployment has one setting). Same jar, same WAR; stopped by {@link #close()}.
 */
public final class PayaraMicro implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(250);

    private final ManagedProcess process;
    private final int port;
    private final Path log;

    private PayaraMicro(ManagedProcess process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Payara Micro ({@code payara.microJar}, set by failsafe) deploying {@code target/relay.war} on a free
     * port of its own, with the given relay options as system properties; returns once the WAR answers.
     */
    public static PayaraMicro start(Path workDir, Map<String, String> options) {
        return start(workDir, options, List.of());
    }

    /**
     * As {@link #start(Path, Map)}, with the server's command run by a launcher: {@code bin/bare-machine} runs it as
     * a bare server would see the machine.
     */
    public static PayaraMicro start(Path workDir, Map<String, String> options, List<String> launcher) {
        return start(workDir, options, launcher, List.of());
    }

    /**
     * As Arquillian's container starts it: the post-boot commands of server-config/ and the test users (the
     * admin API's operator among them).
     */
    public static PayaraMicro startWithTestUsers(Path workDir, Map<String, String> options) {
        return start(workDir, options, List.of(), List.of(
                "--postbootcommandfile", Path.of("server-config/payara/post-boot-commands.asadmin").toAbsolutePath()
                        .toString(),
                "--postdeploycommandfile", Path.of("src/test/resources/payara/post-deploy-test-users.asadmin")
                        .toAbsolutePath().toString()));
    }

    private static PayaraMicro start(Path workDir, Map<String, String> options, List<String> launcher,
            List<String> microOptions) {
        try {
            return startOnce(workDir.resolve("first"), options, launcher, microOptions);
        } catch (DeploymentFailed e) {
            // Payara Micro 6 now and then fails its own security start-up (a null context class loader in
            // PolicyLoader, before any relay code runs), or its port was taken meanwhile: a second boot (on a new
            // port) is the cure, a third would hide a bug
            System.out.println("Payara Micro failed to deploy the WAR once; starting it again: " + e.getMessage());
            return startOnce(workDir.resolve("second"), options, launcher, microOptions);
        }
    }

    /** The server logged that it could not deploy the WAR. */
    static final class DeploymentFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DeploymentFailed(String message) {
            super(message);
        }
    }

    private static PayaraMicro startOnce(Path workDir, Map<String, String> options, List<String> launcher,
            List<String> microOptions) {
        Path jar = Path.of(System.getProperty("payara.microJar", "target/server/payara-micro.jar"));
        Path war = Path.of("target/relay.war");
        for (Path file : List.of(jar, war)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: run the integration tests with 'mvn verify'");
            }
        }
        Path log = workDir.resolve("payara-micro.log");
        int port = Loopback.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(java, "-Xmx512m"));
        options.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--nocluster", "--port", Integer.toString(port),
                "--deploy", war.toAbsolutePath().toString()));
        command.addAll(microOptions);
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var server = new PayaraMicro(ManagedProcess.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())), port, log);
        server.awaitReady();
        return server;
    }

    /**
     * The relay options ({@code -Dname=value}) that arquillian.xml gives the default container, so that a server
     * started here differs from the Arquillian one only in what a test overrides.
     */
    public static Map<String, String> arquillianOptions() {
        try (InputStream xml = PayaraMicro.class.getResourceAsStream("/arquillian.xml")) {
            if (xml == null) {
                throw new IllegalStateException("arquillian.xml is not on the test classpath");
            }
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList containers = factory.newDocumentBuilder().parse(xml).getElementsByTagName("container");
            for (int i = 0; i < containers.getLength(); i++) {
                var container = (Element) containers.item(i);
                if (!"true".equals(container.getAttribute("default"))) {
                    continue;
                }
                NodeList properties = container.getElementsByTagName("property");
                for (int j = 0; j < properties.getLength(); j++) {
                    var property = (Element) properties.item(j);
                    if ("cmdOptions".equals(property.getAttribute("name"))) {
                        return systemProperties(property.getTextContent());
                    }
                }
            }
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("arquillian.xml cannot be read", e);
        }
    }

    static Map<String, String> systemProperties(String commandLine) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String word : commandLine.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (word.startsWith("-D") && eq > 2) {
                options.put(word.substring(2, eq), word.substring(eq + 1));
            }
        }
        return options;
    }

    /** http://127.0.0.1:port/relay/ */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/relay/");
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The server dies at once: SIGKILL, as a crashed machine or an OOM killer would end it. */
    public void kill() {
        process.process().destroyForcibly();
        process.awaitExit(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        process.close();
    }

    private static final Duration PORT_TAKEN_AFTER = Duration.ofSeconds(30);

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve("index.html")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long readySince = 0;
        while (process.isAlive() && System.nanoTime() < deadline) {
            String sofar = log();
            if (sofar.contains("Exception while deploying the app")) {
                close();
                int at = sofar.indexOf("Exception while deploying the app");
                throw new DeploymentFailed(sofar.substring(at, Math.min(sofar.length(), at + 600)));
            }
            if (readySince == 0 && sofar.contains(") ready in ")) {
                readySince = System.nanoTime();
            }
            if (readySince != 0 && System.nanoTime() - readySince > PORT_TAKEN_AFTER.toNanos()) {
                // the port was free when chosen, but another server of the test (nginx, a sink) bound it on
                // 127.0.0.1 before Payara bound it on every address: the probe reached that one instead
                close();
                throw new DeploymentFailed("Payara Micro was ready but 127.0.0.1:" + port + " did not serve the WAR"
                        + " within " + PORT_TAKEN_AFTER + ": another process took the port");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while Payara Micro started", e);
            }
            Loopback.sleep(POLL, "Payara Micro");
        }
        String output = log();
        close();
        throw new IllegalStateException("Payara Micro did not serve the WAR on port " + port + " within "
                + READY_TIMEOUT + ":\n" + output.substring(Math.max(0, output.length() - 4000)));
    }


}
