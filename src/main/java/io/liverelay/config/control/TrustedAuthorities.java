package io.liverelay.config.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where Linux distributions keep the bundle of certificate authorities their TLS libraries trust. */
final class TrustedAuthorities {

    static final List<String> BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine, Arch
            "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL, CentOS
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // RHEL 7+
            "/etc/ssl/ca-bundle.pem", // openSUSE
            "/etc/ssl/cert.pem"); // Alpine, macOS

    private TrustedAuthorities() {
    }

    static Optional<String> systemBundle() {
        return BUNDLES.stream().filter(file -> Files.isReadable(Path.of(file))).findFirst();
    }
}
