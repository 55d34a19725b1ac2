package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by \n, \r\n or \r) keeping at most {@code maxChars} of each: the rest of a longer line is
 * read, counted and dropped, so a line of any length costs bounded memory. Not thread-safe: one reader thread.
 */
final class BoundedLineReader {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean lastWasCr;
    private long dropped;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, at most {@code maxChars} long; null at the end of input. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        dropped = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? line.toString() : null;
                }
            }
            char c = buffer[position++];
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the \n of a \r\n: the line already ended
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                return line.toString();
            }
            any = true;
            if (line.length() < maxChars) {
                line.append(c);
            } else {
                dropped++;
            }
        }
    }

    /** Characters of the last line read that were dropped past {@code maxChars}. */
    long dropped() {
        return dropped;
    }
}
