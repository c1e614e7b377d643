#!/usr/bin/env bash
# simd against OpenBLAS (through PyTorch) at equal cores, the way docs/benchmarks.md records it:
# one bench run per (ISA, thread count), gradbook and PyTorch alternating in one process tree.
#
#   bench/matmul-vs-openblas.sh [OUT_DIR]      (default: bench-results/vs-openblas)
#
# The AVX2 runs force HotSpot's AVX2 code (-XX:UseAVX=2) and OpenBLAS's Haswell kernels; the
# AVX-512 runs force OpenBLAS's SkylakeX kernels (Debian's OpenBLAS 0.3.21 does not know every
# recent Xeon model and may fall back to SSE3 kernels otherwise). On a machine without AVX-512
# only the AVX2 runs are made.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results/vs-openblas}"
mkdir -p "$out"
isas="avx2"
if grep -qw avx512f /proc/cpuinfo; then isas="avx512 avx2"; fi
for isa in $isas; do
  for threads in 2 1; do
    if [[ $isa == avx2 ]]; then core=Haswell; opts="-XX:UseAVX=2"; else core=SkylakeX; opts=""; fi
    echo "== $isa, $threads thread(s), OPENBLAS_CORETYPE=$core, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
    for group in matmul seed-matmul seed-matmul-out; do
      OPENBLAS_CORETYPE=$core JAVA_OPTS="-XX:ActiveProcessorCount=$threads $opts" \
        ./gradbook bench --backends simd --filter "$group" --torch-threads "$threads" --min-seconds 0.5 \
        --out "$out/$isa-$threads-$group" 2>&1 | grep -v 'WARNING: Using incubator'
    done
  done
done
