package io.liverelay.rtmp.control;

import io.liverelay.rtmp.entity.RtmpTarget;

/** A server's words (a status description, a code) made fit for our messages: short, printable, no stream key. */
final class ServerText {

    private static final int MAX_CHARS = 200;

    private ServerText() {
    }

    static String clean(String text, RtmpTarget target) {
        String printable = target.redact(text).replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() <= MAX_CHARS ? printable : printable.substring(0, MAX_CHARS) + "…";
    }
}
