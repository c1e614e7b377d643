package dev.gradbook.backends.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a numbered list of tasks on a fixed number of threads and waits until all are done.
 *
 * <p>The one idea: <em>the caller decides how work is cut into tasks, the pool only decides who
 * runs them</em>. Task {@code t} always does the same arithmetic no matter which thread picks it
 * up, so a result never depends on how many threads there are or how the OS schedules them. That
 * is what makes the SIMD backend's multi-threaded matmul bit-for-bit reproducible.
 *
 * <p>The calling thread takes part: it claims tasks like the workers do, so a pool of
 * {@code threads} runs on {@code threads - 1} pool threads plus the caller, and a pool of one
 * thread has no pool threads at all. Because the caller keeps claiming until no task is left, it
 * never waits for a task nobody has started; a late or busy worker simply finds nothing to do.
 * That also makes nested or concurrent use safe from deadlock.
 */
final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final int threads;
    private final ExecutorService workers; // null when threads == 1

    /**
     * A pool that runs tasks on {@code threads} threads in total, the caller included.
     *
     * @param threads at least 1
     */
    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("simd: a worker pool needs at least 1 thread, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.workers = null;
        } else {
            int poolNumber = POOL_NUMBER.incrementAndGet();
            AtomicInteger threadNumber = new AtomicInteger();
            this.workers = new ThreadPoolExecutor(threads - 1, threads - 1, 0L, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable,
                                "gradbook-simd-" + poolNumber + "-" + threadNumber.incrementAndGet());
                        thread.setDaemon(true); // idle workers must never keep a finished program alive
                        return thread;
                    });
        }
    }

    /** Threads that run tasks, the calling thread included. */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(t)} for every {@code t} in {@code [0, taskCount)}, in parallel, and
     * returns when all have finished. If tasks throw, the first failure is rethrown here after the
     * others have finished (so no task is still writing into the caller's arrays).
     */
    void run(int taskCount, IntConsumer task) {
        if (taskCount <= 0) {
            return;
        }
        if (workers == null || taskCount == 1) {
            for (int t = 0; t < taskCount; t++) {
                task.accept(t);
            }
            return;
        }
        Job job = new Job(taskCount, task);
        int helpers = Math.min(threads - 1, taskCount - 1);
        for (int h = 0; h < helpers; h++) {
            workers.execute(job);
        }
        job.run();
        job.awaitAll();
        Throwable failure = job.failure.get();
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException("simd: a parallel task failed", failure);
        }
    }

    /** Stops the pool threads once they are idle. Tasks already handed out still finish. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdown();
        }
    }

    /** One call of {@link #run}: a shared counter hands out task numbers until none are left. */
    private static final class Job implements Runnable {
        private final int taskCount;
        private final IntConsumer task;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch finished;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int taskCount, IntConsumer task) {
            this.taskCount = taskCount;
            this.task = task;
            this.finished = new CountDownLatch(taskCount);
        }

        @Override
        public void run() {
            int t;
            while ((t = next.getAndIncrement()) < taskCount) {
                try {
                    task.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }
        }

        /** Waits for every task, even if interrupted: tasks write into arrays the caller owns. */
        void awaitAll() {
            boolean interrupted = false;
            while (true) {
                try {
                    finished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
