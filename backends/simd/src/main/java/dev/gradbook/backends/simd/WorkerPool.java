package dev.gradbook.backends.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * That also makes nested or concurrent use safe from deadlock, and it is why the pool can keep the
 * hand-over simple: there is one "posted job" slot, and a worker that misses a job (because a newer
 * one replaced it) costs speed, never correctness.
 *
 * <p><b>Why the workers spin.</b> A training step calls the pool a dozen times or more, each time
 * for a millisecond or less of work. Waking a thread that the operating system has put to sleep
 * takes tens of microseconds on a virtual machine, and it happens at the start of every call. So a
 * worker that has finished keeps polling for the next job for {@link #SPIN_NANOS} (OpenMP runtimes
 * do the same) and only then parks; a caller waiting for the last task does likewise. The cost is
 * up to that much busy CPU time per idle spell, on a core the pool was going to use anyway.
 */
final class WorkerPool implements AutoCloseable {
    /** How long an idle thread polls before it parks: a little longer than the gaps inside a training step. */
    static final long SPIN_NANOS = 200_000;

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final int threads;
    private final Thread[] workers;
    private final AtomicReference<Job> posted = new AtomicReference<>();
    private volatile boolean closed;

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
        this.workers = new Thread[threads - 1];
        int poolNumber = POOL_NUMBER.incrementAndGet();
        for (int w = 0; w < workers.length; w++) {
            Thread thread = new Thread(this::workLoop, "gradbook-simd-" + poolNumber + "-" + (w + 1));
            thread.setDaemon(true); // idle workers must never keep a finished program alive
            workers[w] = thread;
            thread.start();
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
        if (workers.length == 0 || taskCount == 1) {
            for (int t = 0; t < taskCount; t++) {
                task.accept(t);
            }
            return;
        }
        Job job = new Job(taskCount, task, Thread.currentThread());
        posted.set(job);
        for (Thread worker : workers) {
            LockSupport.unpark(worker); // cheap if it is still spinning: it only leaves a permit
        }
        job.work();
        job.awaitAll();
        posted.compareAndSet(job, null);
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
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    /** A worker's life: wait for a job it has not seen, help with it, repeat. */
    private void workLoop() {
        Job seen = null;
        long idleSince = System.nanoTime();
        while (!closed) {
            Job job = posted.get();
            if (job != null && job != seen) {
                seen = job;
                job.work();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this); // run() and close() unpark us
                idleSince = System.nanoTime();
            }
        }
    }

    /** One call of {@link #run}: a shared counter hands out task numbers until none are left. */
    private static final class Job {
        private final int taskCount;
        private final IntConsumer task;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int taskCount, IntConsumer task, Thread caller) {
            this.taskCount = taskCount;
            this.task = task;
            this.caller = caller;
        }

        /** Claims and runs tasks until none are left to claim. */
        void work() {
            int t;
            while ((t = next.getAndIncrement()) < taskCount) {
                try {
                    task.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (finished.incrementAndGet() == taskCount) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /**
         * Waits until every task has finished, even if interrupted: tasks write into arrays the
         * caller owns. Spins first (the last task is usually moments from done), then parks with a
         * timeout, so a missed wake-up can only cost time.
         */
        void awaitAll() {
            long start = System.nanoTime();
            while (finished.get() < taskCount) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
        }
    }
}
