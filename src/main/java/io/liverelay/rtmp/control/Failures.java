package io.liverelay.rtmp.control;

import io.liverelay.rtmp.control.Opening.Stage;
import io.liverelay.rtmp.entity.RtmpException;
import io.liverelay.rtmp.entity.RtmpException.Failure;
import io.liverelay.rtmp.entity.RtmpTarget;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * Turns what went wrong while opening a session into a failure a broadcaster can act on: which server, what we
 * were doing, and whether the network, TLS or the server itself said no. A server that hangs up right after a
 * command refused it: nginx-rtmp answers an unknown application that way.
 */
final class Failures {

    private Failures() {
    }

    static RtmpException of(IOException e, Stage stage, RtmpTarget target, Deadline deadline) {
        String server = "The RTMP" + (target.secure() ? "S" : "") + " server at " + target.host() + ":" + target.port();
        if (e instanceof SocketTimeoutException) {
            String what = stage == Stage.TCP ? " did not accept a connection within " + deadline.words()
                    : " accepted the connection but did not answer within " + deadline.words() + " while we were "
                    + stage.during;
            return new RtmpException(Failure.TIMEOUT, server + what + ".", e);
        }
        if (stage == Stage.TLS && e instanceof SSLException) {
            return new RtmpException(Failure.TLS, server + " was not accepted over TLS: " + tls(e, target) + ".", e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new RtmpException(Failure.NETWORK, server + " (" + target.address().getHostAddress()
                    + ") could not be reached: " + e.getMessage() + ".", e);
        }
        if (e instanceof ProtocolException) {
            return new RtmpException(Failure.PROTOCOL, server + " does not speak RTMP as expected: "
                    + e.getMessage() + ".", e);
        }
        boolean hungUp = e instanceof EOFException || String.valueOf(e.getMessage()).contains("reset");
        if (hungUp && stage == Stage.HANDSHAKE) {
            return new RtmpException(Failure.PROTOCOL, server + " closed the connection in the RTMP handshake: is "
                    + "it an RTMP" + (target.secure() ? "S" : "") + " server on that port?", e);
        }
        if (hungUp && stage.compareTo(Stage.CONNECT) >= 0) {
            String why = stage == Stage.CONNECT
                    ? " when asked for the application '" + target.app() + "' (nginx-rtmp does so when the"
                            + " application does not exist)"
                    : " while we were " + stage.during + ": check the stream key";
            return new RtmpException(Failure.REFUSED, server + " closed the connection" + why + ".", e);
        }
        return new RtmpException(Failure.NETWORK, server + ": the connection failed while we were " + stage.during
                + ": " + e.getMessage() + ".", e);
    }

    /** The certificate problem in words, read from the cause the JDK gives. */
    private static String tls(Throwable e, RtmpTarget target) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return "its certificate is expired or not yet valid";
            }
            if (cause instanceof CertificateException && message.contains("No subject alternative")
                    || message.contains("No name matching")) {
                return "its certificate is for another name than '" + target.host() + "'";
            }
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return "its certificate is not signed by an authority this relay trusts (self-signed, or its CA is"
                        + " not in relay.tls.caFile)";
            }
        }
        return "the TLS handshake failed (" + e.getMessage() + ")";
    }
}
