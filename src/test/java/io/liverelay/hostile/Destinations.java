package io.liverelay.hostile;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Destination URLs a browser may send, one row each: {@code {trap}} is a port where the silent trap listens
 * on 127.0.0.1, 127.0.0.2 and ::1, {@code {file}} a local path that must never be written. Every row must be
 * refused with RTMP_URL_REJECTED before any process starts. Only loopback addresses appear here; other
 * networks are covered without sockets by AddressRuleTest and DestinationPolicyTest.
 */
final class Destinations {

    private Destinations() {
    }

    static Stream<Named<String>> refused() {
        return Stream.of(
                // other protocols ffmpeg would happily open
                row("local file", "file:{file}"),
                row("local file URL", "file://{file}"),
                row("bare path", "{file}"),
                row("pipe", "pipe:1"),
                row("tee to a file", "tee:rtmp://127.0.0.1:{trap}/live/k|file:{file}"),
                row("concat of local files", "concat:/etc/passwd|/etc/hosts"),
                row("subfile of a local file", "subfile,,start,0,end,64,,:/etc/passwd"),
                row("http", "http://127.0.0.1:{trap}/live/k"),
                row("https", "https://127.0.0.1:{trap}/live/k"),
                row("rtmpt (RTMP over HTTP)", "rtmpt://127.0.0.1:{trap}/live/k"),
                row("rtmpe", "rtmpe://127.0.0.1:{trap}/live/k"),
                row("tcp", "tcp://127.0.0.1:{trap}/live/k"),
                row("udp", "udp://127.0.0.1:{trap}"),
                row("async wrapper", "async:rtmp://127.0.0.1:{trap}/live/k"),
                row("data URL", "data:text/plain,hello"),
                row("upper-case other protocol", "RTMPT://127.0.0.1:{trap}/live/k"),
                // options instead of a URL
                row("an option", "-y"),
                row("an option that names a file", "-i/etc/passwd"),
                row("an option before a URL", "-rtmp://127.0.0.1:{trap}/live/k"),
                // white space and control characters anywhere
                row("leading space", " rtmp://127.0.0.1:{trap}/live/k"),
                row("trailing space", "rtmp://127.0.0.1:{trap}/live/k "),
                row("space then an option", "rtmp://127.0.0.1:{trap}/live/k -f"),
                row("newline", "rtmp://127.0.0.1:{trap}/live/k\n"),
                row("CR LF then an option", "rtmp://127.0.0.1:{trap}/live/k\r\n-y"),
                row("tab", "rtmp://127.0.0.1:{trap}/live/k\tx"),
                row("NUL then a file", "rtmp://127.0.0.1:{trap}/live/k\u0000file:{file}"),
                row("no-break space", "rtmp://127.0.0.1:{trap}/live/k\u00a0x"),
                row("line separator", "rtmp://127.0.0.1:{trap}/live/k\u2028"),
                row("terminal escape", "rtmp://127.0.0.1:{trap}/live/k\u001b[2J"),
                row("DEL", "rtmp://127.0.0.1:{trap}/live/k\u007f"),
                // user-info
                row("user and password", "rtmp://user:secret@127.0.0.1:{trap}/live/k"),
                row("user", "rtmp://user@127.0.0.1:{trap}/live/k"),
                row("allowed host as user-info", "rtmp://127.0.0.1:{trap}@127.0.0.2:{trap}/live/k"),
                row("empty user-info", "rtmp://@127.0.0.1:{trap}/live/k"),
                // missing parts
                row("no host", "rtmp:///live/k"),
                row("port but no host", "rtmp://:{trap}/live/k"),
                row("no path", "rtmp://127.0.0.1:{trap}"),
                row("root path only", "rtmp://127.0.0.1:{trap}/"),
                row("no authority", "rtmp:/live/k"),
                row("opaque", "rtmp:live/k"),
                row("scheme only", "rtmp://"),
                row("path hidden in a fragment", "rtmp://127.0.0.1:{trap}#/live/k"),
                row("longer than 2048 characters", "rtmp://127.0.0.1:{trap}/live/" + "k".repeat(2100)),
                // encoding tricks
                row("encoded URL", "rtmp%3A%2F%2F127.0.0.1%3A{trap}%2Flive%2Fk"),
                row("encoded scheme", "%72tmp://127.0.0.1:{trap}/live/k"),
                row("encoded dots in the host", "rtmp://127%2e0%2e0%2e2:{trap}/live/k"),
                row("encoded digits in the host", "rtmp://%31%32%37.0.0.2:{trap}/live/k"),
                row("backslash before another host", "rtmp://127.0.0.1:{trap}\\@127.0.0.2/live/k"),
                row("mixed-case scheme, refused host", "Rtmp://127.0.0.2:{trap}/live/k"),
                // loopback addresses the configuration does not allow (it allows 127.0.0.1 only)
                row("another loopback address", "rtmp://127.0.0.2:{trap}/live/k"),
                row("another loopback address, rtmps", "rtmps://127.0.0.2:{trap}/live/k"),
                row("IPv6 loopback", "rtmp://[::1]:{trap}/live/k"),
                row("IPv6 loopback in full", "rtmp://[0:0:0:0:0:0:0:1]:{trap}/live/k"),
                row("IPv4-mapped IPv6 loopback", "rtmp://[::ffff:127.0.0.2]:{trap}/live/k"),
                row("loopback as one decimal number", "rtmp://2130706434:{trap}/live/k"),
                row("loopback in short form", "rtmp://127.2:{trap}/live/k"),
                row("loopback with zero padding", "rtmp://127.000.000.002:{trap}/live/k"),
                row("the unspecified address", "rtmp://0.0.0.0:{trap}/live/k"),
                row("the unspecified address as 0", "rtmp://0:{trap}/live/k"),
                row("the unspecified IPv6 address", "rtmp://[::]:{trap}/live/k"),
                row("refused host, allowed host in the fragment", "rtmp://127.0.0.2:{trap}/live/k#@127.0.0.1"));
    }

    /**
     * Rows the server accepts today although it must not: each is a bug (see the disabled test that runs
     * them). Move a row to {@link #refused()} once its fix is in.
     */
    static Stream<Named<String>> knownBugs() {
        return Stream.of(
                // Java reads 0177 as decimal 177 (public), glibc and so ffmpeg as octal 127 (loopback)
                row("loopback written in octal", "rtmp://0177.0.0.2:{trap}/live/k"));
    }

    private static Named<String> row(String why, String template) {
        return Named.of(why + ": " + printable(template), template);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f || (c > 0x7f && c < 0xa1) || c == 0x2028
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.length() > 90 ? out.substring(0, 90) + "…" : out.toString();
    }
}
