package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test seen from outside: the Payara Micro JVM that Arquillian started as a child of this
 * JVM, its thread count from /proc, its heap after a full GC and its thread stacks through jcmd.
 */
public final class ServerJvm {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern PORT = Pattern.compile("--port (\\d+)");

    private final ProcessHandle process;

    private ServerJvm(ProcessHandle process) {
        this.process = process;
    }

    /** The child of this JVM whose command line names payara-micro; fails if there is none or several. */
    public static ServerJvm payaraMicro() {
        List<ProcessHandle> found = ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one Payara Micro child JVM, found " + found.size());
        }
        return new ServerJvm(found.get(0));
    }

    public ProcessHandle process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** The HTTP port Arquillian chose for it ({@code --port N} on its command line). */
    public int httpPort() {
        Matcher m = PORT.matcher(process.info().commandLine().orElse(""));
        if (!m.find()) {
            throw new AssertionError("no --port on the Payara Micro command line");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Live threads of the JVM, as the kernel counts them. */
    public int threads() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                    .filter(line -> line.startsWith("Threads:"))
                    .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of heap in use right after a full GC. */
    public long heapUsedAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new AssertionError("no 'used' in GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** How many threads have a frame of a class whose name starts with the prefix on their stack. */
    public int threadsRunning(String classPrefix) {
        return (int) threadDump().filter(block -> block.contains("at " + classPrefix)).count();
    }

    /** Threads in a thread dump whose name does not start with the prefix. */
    public int threadsNotNamed(String namePrefix) {
        return (int) threadDump().filter(block -> !block.startsWith("\"" + namePrefix)).count();
    }

    // thread blocks are separated by blank lines, each starts with the thread's quoted name
    private java.util.stream.Stream<String> threadDump() {
        return Arrays.stream(jcmd("Thread.print").split("\n\\s*\n")).filter(block -> block.startsWith("\""));
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ProcessResult result = Tools.run(JCMD_TIMEOUT, List.of(jcmd.toString(), Long.toString(pid()), command));
        return result.requireSuccess().output();
    }
}
