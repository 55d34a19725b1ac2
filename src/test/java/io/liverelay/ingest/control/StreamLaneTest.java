package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StreamLaneTest {

    @Test
    void tasksFromManyThreadsRunOneAtATimeAndInTheOrderEachThreadGaveThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            StreamLane lane = new StreamLane(pool, "test");
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            CountDownLatch done = new CountDownLatch(4 * 10_000);
            for (int p = 0; p < 4; p++) {
                int producer = p;
                producers.execute(() -> IntStream.range(0, 10_000).forEach(i -> lane.submit(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.get(producer).add(i); // no lock: the lane is the only writer at any time
                    running.decrementAndGet();
                    done.countDown();
                })));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get(), "tasks overlapped");
            for (List<Integer> one : seen) {
                assertEquals(IntStream.range(0, 10_000).boxed().toList(), one);
            }
            assertEquals(0, lane.backlog());
        } finally {
            pool.shutdownNow();
            producers.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            StreamLane lane = new StreamLane(pool, "test");
            CountDownLatch after = new CountDownLatch(1);
            lane.submit(() -> {
                throw new IllegalStateException("a bug in one task");
            });
            lane.submit(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenThePoolRefusesTheSubmitterRunsTheTaskSoThatAStopStillHappens() {
        StreamLane lane = new StreamLane(task -> {
            throw new RejectedExecutionException("shut down");
        }, "test");
        List<String> ran = new ArrayList<>();
        lane.submit(() -> ran.add("stop"));
        lane.submit(() -> ran.add("end"));
        assertEquals(List.of("stop", "end"), ran);
    }
}
