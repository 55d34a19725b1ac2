package io.liverelay.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The features ({@code io.liverelay.<feature>.<layer>}) depend on each other in one direction only, and so do the
 * packages: the data flows from the browser's side (ingest) down to ffmpeg, destinations, errors and settings,
 * never back. Read from the sources: every {@code io.liverelay.x.} a file names, imported or written out.
 */
class FeatureDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/liverelay");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.liverelay\\.([a-z]+)\\.([a-z]+)\\b");

    /** The intended layering, lowest first: a feature may use those listed before it, never those after. */
    private static final List<String> LAYERS = List.of("error", "config", "media", "destination", "rtmp", "ffmpeg",
            "cluster", "recording", "ingest", "monitoring", "admin", "demo");

    @Test
    void noFeatureDependsOnAnotherThatDependsBackOnIt() {
        Optional<List<String>> cycle = cycle(graph(true));
        assertTrue(cycle.isEmpty(), () -> "features in a cycle: " + String.join(" -> ", cycle.get()));
    }

    @Test
    void noPackageDependsOnAnotherThatDependsBackOnIt() {
        Map<String, Set<String>> packages = graph(false);
        // boundary and control of one feature call each other by design (an endpoint and its registry): not a cycle
        // that matters, but between packages of different features there is none
        packages.replaceAll((from, to) -> new TreeSet<>(to.stream()
                .filter(p -> !feature(p).equals(feature(from)) || p.endsWith(".entity")).toList()));
        Optional<List<String>> cycle = cycle(packages);
        assertTrue(cycle.isEmpty(), () -> "packages in a cycle: " + String.join(" -> ", cycle.get()));
    }

    @Test
    void everyFeatureUsesOnlyTheLayersBelowIt() {
        List<String> upward = new ArrayList<>();
        graph(true).forEach((from, to) -> to.forEach(target -> {
            if (LAYERS.indexOf(target) > LAYERS.indexOf(from)) {
                upward.add(from + " -> " + target);
            }
        }));
        assertEquals(List.of(), upward, "a feature uses one above it in " + LAYERS);
        assertEquals(new TreeSet<>(LAYERS), graph(true).keySet(), "every feature has its place in the layers");
    }

    /** Feature (or package) to the features (or packages) its sources name. */
    private static Map<String, Set<String>> graph(boolean byFeature) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getParent().equals(SOURCES)).forEach(file -> {
                String own = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                String from = byFeature ? feature(own) : own;
                Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(read(file));
                while (m.find()) {
                    String target = byFeature ? m.group(1) : m.group(1) + "." + m.group(2);
                    if (!target.equals(from)) {
                        targets.add(target);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static String feature(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cycle in the graph, as the path that closes it, if there is one. */
    static Optional<List<String>> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            Optional<List<String>> found = visit(start, graph, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, Set<String>> graph, Deque<String> path,
            Set<String> done) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String step : (Iterable<String>) path::descendingIterator) {
                in |= step.equals(node);
                if (in) {
                    cycle.add(step);
                }
            }
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) {
            return Optional.empty();
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            Optional<List<String>> found = visit(next, graph, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.pop();
        done.add(node);
        return Optional.empty();
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of());
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), cycle(new TreeMap<>(graph)));
        assertEquals(Optional.empty(), cycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of()))));
    }
}
