package io.liverelay.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness finds what the build made: the WAR, Payara Micro, the post-boot file. {@code bin/bench}
 * runs from the repository root; failsafe passes {@code relay.it.basedir} and {@code payara.microJar}.
 */
record BenchPaths(Path baseDir, Path war, Path payaraMicroJar, Path postBootCommands) {

    static BenchPaths fromSystemProperties() {
        Path base = Path.of(System.getProperty("relay.it.basedir",
                System.getProperty("basedir", System.getProperty("user.dir")))).toAbsolutePath();
        Path micro = Path.of(System.getProperty("payara.microJar",
                base.resolve("target/server/payara-micro.jar").toString()));
        var paths = new BenchPaths(base, base.resolve("target/relay.war"), micro,
                base.resolve("server-config/payara/post-boot-commands.asadmin"));
        for (Path required : new Path[] {paths.war, paths.payaraMicroJar, paths.postBootCommands}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " is missing: build first (bin/bench does)");
            }
        }
        return paths;
    }
}
