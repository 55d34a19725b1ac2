package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Certificates made with the openssl command at test time: a test CA, a server certificate it signed for
 * {@code localhost} and 127.0.0.1, one it signed for another name, and a self-signed one for {@code localhost}.
 */
public record TestCertificates(Path caCertificate, Pair trusted, Pair wrongName, Pair selfSigned) {

    /** A certificate and its key. */
    public record Pair(Path certificate, Path key) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve("ca.key");
            Path ca = dir.resolve("ca.crt");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Live Relay Test CA",
                    "-keyout", caKey.toString(), "-out", ca.toString());
            Pair trusted = signed(dir, "trusted", ca, caKey, "localhost", "DNS:localhost,IP:127.0.0.1");
            Pair wrong = signed(dir, "wrong-name", ca, caKey, "ingest.example.invalid", "DNS:ingest.example.invalid");
            Pair self = new Pair(dir.resolve("self-signed.crt"), dir.resolve("self-signed.key"));
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", self.key().toString(), "-out", self.certificate().toString());
            return new TestCertificates(ca, trusted, wrong, self);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pair signed(Path dir, String name, Path ca, Path caKey, String commonName, String altNames)
            throws IOException {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".crt");
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, "subjectAltName=" + altNames + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName, "-keyout", key.toString(),
                "-out", request.toString());
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", certificate.toString());
        return new Pair(certificate, key);
    }

    private static void openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Tools.run(TIMEOUT, command).requireSuccess();
    }
}
