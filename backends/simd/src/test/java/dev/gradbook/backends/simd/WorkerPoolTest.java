package dev.gradbook.backends.simd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("WorkerPool runs numbered tasks, each exactly once")
class WorkerPoolTest {

    @Test
    @DisplayName("every task runs exactly once, on any number of threads")
    void everyTaskOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                AtomicIntegerArray runs = new AtomicIntegerArray(1000);
                pool.run(1000, runs::incrementAndGet);
                for (int t = 0; t < 1000; t++) {
                    assertEquals(1, runs.get(t), "task " + t + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    @DisplayName("a pool of one thread runs everything on the caller")
    void oneThreadIsTheCaller() {
        try (WorkerPool pool = new WorkerPool(1)) {
            Thread caller = Thread.currentThread();
            pool.run(10, t -> assertSame(caller, Thread.currentThread()));
        }
    }

    @Test
    @DisplayName("a failing task is rethrown to the caller after the others finished")
    void failureIsRethrown() {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(50);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(50, t -> {
                runs.incrementAndGet(t);
                if (t == 7) {
                    throw new IllegalStateException("task 7 failed");
                }
            }));
            assertEquals("task 7 failed", e.getMessage());
            for (int t = 0; t < 50; t++) {
                assertEquals(1, runs.get(t), "task " + t + " still ran");
            }
        }
    }

    @Test
    @DisplayName("a task may itself use the pool without deadlock")
    void nestedUse() {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            pool.run(4, outer -> pool.run(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
            for (int t = 0; t < 16; t++) {
                assertEquals(1, runs.get(t));
            }
        }
    }

    @Test
    @DisplayName("workers take part: with two threads, some tasks run off the calling thread")
    void workersTakePart() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2)) {
            Thread caller = Thread.currentThread();
            java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
            // each task waits a little, so the caller cannot finish all of them before the worker wakes
            pool.run(20, t -> {
                runners.add(Thread.currentThread());
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            });
            assertEquals(2, runners.size(), "threads that ran tasks: " + runners);
            runners.remove(caller);
            assertTrue(runners.iterator().next().getName().startsWith("gradbook-simd-"));
        }
    }

    @Test
    @DisplayName("callers on several threads at once each get all their own tasks run, once")
    void concurrentCallers() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            int callers = 4;
            int rounds = 200;
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(callers);
            try {
                java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    results.add(threads.submit(() -> {
                        for (int round = 0; round < rounds; round++) {
                            AtomicIntegerArray runs = new AtomicIntegerArray(37);
                            pool.run(37, runs::incrementAndGet);
                            for (int t = 0; t < 37; t++) {
                                if (runs.get(t) != 1) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (java.util.concurrent.Future<Boolean> result : results) {
                    assertTrue(result.get(60, java.util.concurrent.TimeUnit.SECONDS),
                            "a caller saw a task run twice or not at all");
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("after close, the worker threads end")
    void closeEndsWorkers() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3);
        java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
        pool.run(30, t -> {
            runners.add(Thread.currentThread());
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        });
        pool.close();
        runners.remove(Thread.currentThread());
        for (Thread worker : runners) {
            worker.join(5_000);
            assertFalse(worker.isAlive(), worker.getName() + " still running after close()");
        }
    }

    @Test
    @DisplayName("a pool needs at least one thread")
    void atLeastOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
    }
}
