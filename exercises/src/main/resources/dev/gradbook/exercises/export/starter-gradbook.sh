#!/usr/bin/env bash
# Your gradbook course project's command line:
#
#   ./gradbook grade            grade every task
#   ./gradbook grade ex1.1      grade one task (or several: ./gradbook grade ex1.1 ex1.2)
#   ./gradbook grade --seed N   replay the random inputs of an earlier run
#
# It compiles your code with Maven, then runs the graders. Exit status: 0 every graded task done,
# 1 a task is not done (or the code does not compile), 2 the command line is wrong.
# Extra Maven options go in GRADBOOK_MAVEN_OPTS, e.g. GRADBOOK_MAVEN_OPTS=-o ./gradbook grade.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
USAGE="usage: ./gradbook grade [--seed N] [--timeout SECONDS] [--out DIR] [TASK...]"

case "${1:-}" in
  grade) shift ;;
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
exec java -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath")" dev.gradbook.exercises.grading.Grade "$@"
