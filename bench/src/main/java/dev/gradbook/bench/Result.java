package dev.gradbook.bench;

/**
 * One measurement: a workload on one backend (or {@code torch}) in one dtype.
 *
 * @param workload what was timed
 * @param backend backend name, or {@code torch} for the PyTorch reference
 * @param dtype {@code F32} or {@code F64}
 * @param seconds median seconds of one run
 */
record Result(Workload workload, String backend, String dtype, double seconds) {

    /** Billions of floating-point operations per second, or NaN where FLOPs are not counted. */
    double gflops() {
        return workload.flops() > 0 ? workload.flops() / seconds / 1e9 : Double.NaN;
    }
}
