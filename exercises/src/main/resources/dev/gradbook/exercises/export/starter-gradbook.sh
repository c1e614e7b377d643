#!/usr/bin/env bash
# Your gradbook course project's command line:
#
#   ./gradbook grade            grade every task
#   ./gradbook grade ex1.1      grade one task (or several: ./gradbook grade ex1.1 ex1.2)
#   ./gradbook grade --seed N   replay the random inputs of an earlier run
#   ./gradbook mnist --backend student
#                               train gradbook's seed lesson (Keras' MNIST MLP) on your backend
#                               (chapter 5); --epochs N, --batch-size N, --seed N, --verbose 0|1|2
#
# It compiles your code with Maven, then runs the graders (or the lesson). Exit status: 0 done
# (every graded task done), 1 a task is not done (or the code does not compile, or the lesson
# failed), 2 the command line is wrong.
# Extra Maven options go in GRADBOOK_MAVEN_OPTS, e.g. GRADBOOK_MAVEN_OPTS=-o ./gradbook grade.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
USAGE="usage: ./gradbook grade [--seed N] [--timeout SECONDS] [--out DIR] [TASK...]
       ./gradbook mnist [--backend NAME] [--epochs N] [--batch-size N] [--seed N] [--verbose 0|1|2]"

case "${1:-}" in
  grade) MAIN=dev.gradbook.exercises.grading.Grade; shift ;;
  mnist) MAIN=dev.gradbook.exercises.backend.MnistLesson; shift ;;
  "" | help | -h | --help) echo "$USAGE"; exit 0 ;;
  *) echo "gradbook: unknown command '$1'; $USAGE" >&2; exit 2 ;;
esac

mkdir -p "$ROOT/target"
LOG="$ROOT/target/build.log"
# shellcheck disable=SC2086 # GRADBOOK_MAVEN_OPTS is a list of options
if ! (cd "$ROOT" && mvn -B -q ${GRADBOOK_MAVEN_OPTS:-} compile dependency:build-classpath \
        -Dmdep.outputFile=target/classpath) >"$LOG" 2>&1; then
  grep -E '^\[ERROR\]' "$LOG" | grep -v -e 'Re-run Maven' -e 'Help 1' -e 'full debug' -e '^\[ERROR\] *$' \
    -e 'For more information' | head -40 >&2 || cat "$LOG" >&2
  echo "gradbook: the build failed (above; the whole log is in target/build.log)." >&2
  echo "gradbook: if it cannot find dev.gradbook jars, run ./gradbook exercises install in your clone of gradbook first." >&2
  exit 1
fi
exec java -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath")" "$MAIN" "$@"
