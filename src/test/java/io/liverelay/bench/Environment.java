package io.liverelay.bench;

import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The machine and the software a report was measured on, read from /proc and the tools themselves. */
record Environment(String date, int cores, String cpuModel, String memory, String kernel, String java,
        String ffmpeg, String nginx, String loadAtStart, String source) {

    static Environment describe(Path baseDir) {
        return new Environment(
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                Runtime.getRuntime().availableProcessors(),
                line(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                line(Path.of("/proc/meminfo"), "MemTotal").map(Environment::gib).orElse("unknown"),
                read(Path.of("/proc/sys/kernel/osrelease")).trim(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                firstLine(List.of(Tools.ffmpeg().toString(), "-version")),
                firstLine(List.of(System.getProperty(NginxSink.NGINX_PROPERTY, "/usr/sbin/nginx"), "-v")),
                read(Path.of("/proc/loadavg")).trim(),
                source(baseDir));
    }

    // the commit the WAR was built from, and whether the working tree had changes to the server's code
    private static String source(Path baseDir) {
        String commit = firstLine(List.of("git", "-C", baseDir.toString(), "rev-parse", "--short", "HEAD"));
        try {
            ProcessResult status = Tools.run(Duration.ofSeconds(10),
                    List.of("git", "-C", baseDir.toString(), "status", "--porcelain", "--", "src/main", "pom.xml"));
            long changed = status.succeeded() ? status.output().lines().filter(l -> !l.isBlank()).count() : -1;
            return "commit " + commit + (changed > 0 ? " plus " + changed + " uncommitted file(s) under src/main"
                    : changed == 0 ? ", clean src/main" : "");
        } catch (RuntimeException e) {
            return "commit " + commit;
        }
    }

    private static Optional<String> line(Path file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim());
    }

    private static String gib(String memTotal) {
        return String.format("%.1f GiB", Long.parseLong(memTotal.split("\\s+")[0]) / 1024.0 / 1024.0);
    }

    private static String firstLine(List<String> command) {
        try {
            ProcessResult result = Tools.run(Duration.ofSeconds(10), command);
            return result.output().lines().findFirst().orElse("unknown").trim();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
