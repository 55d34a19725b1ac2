package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkPipeTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void orderIsKeptFromProducerThreadsToTheConsumerThread() throws Exception {
        ChunkPipe pipe = new ChunkPipe(256); // small, so producers often find it full and must retry
        List<Integer> offered = new ArrayList<>();
        Object sequence = new Object(); // the WebSocket hands over one message at a time
        int producers = 4;
        int perProducer = 500;

        Future<List<Integer>> consumed = threads.submit(() -> {
            List<Integer> seen = new ArrayList<>();
            byte[] chunk;
            while ((chunk = pipe.take()) != null) {
                seen.add(ByteBuffer.wrap(chunk).getInt());
            }
            return seen;
        });
        List<Future<?>> producing = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            producing.add(threads.submit(() -> {
                for (int i = base; i < base + perProducer; i++) {
                    byte[] chunk = ByteBuffer.allocate(8).putInt(i).putInt(~i).array();
                    boolean accepted = false;
                    while (!accepted) {
                        synchronized (sequence) {
                            accepted = pipe.offer(chunk);
                            if (accepted) {
                                offered.add(ByteBuffer.wrap(chunk).getInt());
                            }
                        }
                        if (!accepted) {
                            Thread.yield();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : producing) {
            f.get(20, TimeUnit.SECONDS);
        }
        pipe.finish();

        List<Integer> seen = consumed.get(20, TimeUnit.SECONDS);
        assertEquals(producers * perProducer, seen.size());
        synchronized (sequence) {
            assertEquals(offered, seen);
        }
        assertEquals(producers * perProducer * 8L, pipe.acceptedBytes());
        assertEquals(0, pipe.queuedBytes());
    }

    @Test
    void boundIsInBytesNotInChunks() {
        ChunkPipe pipe = new ChunkPipe(10);

        assertTrue(pipe.offer(new byte[4]));
        assertTrue(pipe.offer(new byte[4]));
        assertFalse(pipe.offer(new byte[4]), "12 bytes would exceed 10");
        assertTrue(pipe.offer(new byte[2]), "exactly 10 bytes fit");
        assertFalse(pipe.offer(new byte[1]));
        assertEquals(10, pipe.queuedBytes());
        assertEquals(10, pipe.acceptedBytes());
    }

    @Test
    void manySmallChunksFitWhereOneBigDoesNot() {
        ChunkPipe pipe = new ChunkPipe(1000);

        for (int i = 0; i < 1000; i++) {
            assertTrue(pipe.offer(new byte[1]), "chunk " + i);
        }
        assertFalse(pipe.offer(new byte[1]));
        assertFalse(new ChunkPipe(1000).offer(new byte[1001]), "one chunk larger than the bound");
    }

    @Test
    void takingFreesSpace() throws InterruptedException {
        ChunkPipe pipe = new ChunkPipe(8);
        pipe.offer(new byte[] {1, 2, 3, 4, 5});
        assertFalse(pipe.offer(new byte[4]));

        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, pipe.take());

        assertTrue(pipe.offer(new byte[8]));
    }

    @Test
    void queuedAndAcceptedBytesAreCounted() throws InterruptedException {
        ChunkPipe pipe = new ChunkPipe(100);
        pipe.offer(new byte[3]);
        pipe.offer(new byte[5]);
        assertEquals(8, pipe.queuedBytes());
        assertEquals(8, pipe.acceptedBytes());

        pipe.take();
        assertEquals(5, pipe.queuedBytes());
        assertEquals(8, pipe.acceptedBytes());

        assertFalse(pipe.offer(new byte[96]));
        assertEquals(5, pipe.queuedBytes());
        assertEquals(8, pipe.acceptedBytes());
    }

    @Test
    void finishLetsTheConsumerDrainThenEnds() throws InterruptedException {
        ChunkPipe pipe = new ChunkPipe(100);
        pipe.offer(new byte[] {1});
        pipe.offer(new byte[] {2, 2});

        pipe.finish();

        assertFalse(pipe.offer(new byte[] {3}), "nothing is accepted after finish");
        assertArrayEquals(new byte[] {1}, pipe.take());
        assertArrayEquals(new byte[] {2, 2}, pipe.take());
        assertNull(pipe.take());
        assertNull(pipe.take());
        assertEquals(3, pipe.acceptedBytes());
    }

    @Test
    void finishWakesAWaitingConsumer() throws Exception {
        ChunkPipe pipe = new ChunkPipe(100);
        CompletableFuture<byte[]> taken = CompletableFuture.supplyAsync(() -> take(pipe), threads);
        Thread.sleep(100);
        assertFalse(taken.isDone(), "take waits while the pipe is empty and open");

        pipe.finish();

        assertNull(taken.get(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void abortDropsWhatIsQueuedAndEndsAtOnce() throws InterruptedException {
        ChunkPipe pipe = new ChunkPipe(100);
        pipe.offer(new byte[7]);
        pipe.offer(new byte[9]);

        pipe.abort();

        assertEquals(0, pipe.queuedBytes());
        assertEquals(16, pipe.acceptedBytes());
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertNull(pipe.take()));
        assertFalse(pipe.offer(new byte[1]));
    }

    @Test
    void abortAfterFinishStillDropsTheRest() throws InterruptedException {
        ChunkPipe pipe = new ChunkPipe(100);
        pipe.offer(new byte[] {1});
        pipe.offer(new byte[] {2});
        pipe.finish();
        assertArrayEquals(new byte[] {1}, pipe.take());

        pipe.abort();

        assertNull(pipe.take());
    }

    @Test
    void abortWakesAWaitingConsumer() throws Exception {
        ChunkPipe pipe = new ChunkPipe(100);
        CompletableFuture<byte[]> taken = CompletableFuture.supplyAsync(() -> take(pipe), threads);
        Thread.sleep(100);

        pipe.abort();

        assertNull(taken.get(500, TimeUnit.MILLISECONDS));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void boundMustBePositive(long maxBytes) {
        assertThrows(IllegalArgumentException.class, () -> new ChunkPipe(maxBytes));
    }

    private static byte[] take(ChunkPipe pipe) {
        try {
            return pipe.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
