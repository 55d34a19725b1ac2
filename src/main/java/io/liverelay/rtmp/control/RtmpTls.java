package io.liverelay.rtmp.control;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of RTMPS: which certificate authorities a server's certificate must chain to. The host name check
 * is the publisher's (it knows the name); this only decides whom to trust.
 */
public final class RtmpTls {

    private RtmpTls() {
    }

    /**
     * A factory that accepts any certificate for any name: only for the operator's explicit opt-out
     * ({@code relay.tls.verify=false}, logged as a warning at start-up), never a default.
     */
    public static SSLSocketFactory unverified() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyCertificate()}, null);
        return context.getSocketFactory();
    }

    /** Extended, so that the JDK does not add its own name check on top: the operator turned checking off. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * A factory trusting exactly the certificates in {@code caFile} (PEM, one or more; the option
     * {@code relay.tls.caFile}), or the JDK's default authorities when {@code caFile} is null.
     * It parses the whole bundle (the system's holds some 150): build one per application and reuse it.
     */
    public static SSLSocketFactory trusting(Path caFile) throws IOException, GeneralSecurityException {
        if (caFile == null) {
            return SSLContext.getDefault().getSocketFactory();
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new IOException(caFile + " holds no PEM certificate");
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
