package io.liverelay.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of Prometheus' text format, as /metrics answers it. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of one series, written as in the text: {@code name{label="value",…}}. */
    public static double value(String text, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        if (!line.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(line.group(1));
    }
}
