package dev.gradbook.exercises.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The surviving mutants a teacher has looked at and decided about, each with the reason, read
 * from one file ({@code exercises/reviewed-mutants.tsv}).
 *
 * <p>Two verdicts:
 * <ul>
 *   <li>{@code equivalent}: the mutant computes exactly what the original computes, so no test
 *       can kill it. {@code i >= 0} mutated to {@code i > 0} in a loop whose last turn does
 *       nothing is one. It is counted apart, neither killed nor survived: it would only dilute
 *       the score.</li>
 *   <li>{@code accepted}: the mutant does change something, but nothing the task asks for (the
 *       last bits of a rounding, the wording of an error beyond what its contract names, an
 *       event of probability 2<sup>-53</sup>); failing a student for it would be wrong. It still
 *       counts as survived, so the score stays what PIT measured; the report shows the reason
 *       beside it.</li>
 * </ul>
 *
 * <p>An entry names its mutant by what it changes, not by its line number, so it survives edits
 * above it: the file (relative to {@code dev/gradbook/exercises/}), the code of the mutated line
 * without its indentation, PIT's mutator and PIT's description, the verdict, and the reason.
 * Fields are separated by tabs; {@code #} starts a comment line.
 *
 * @param entries the entries, in file order
 */
record ReviewedMutants(List<Entry> entries) {

    /** What the teacher decided about a survivor. */
    enum Verdict {
        /** Computes exactly what the original computes. */
        EQUIVALENT,
        /** Changes nothing the task asks for; still counted as survived. */
        ACCEPTED
    }

    /**
     * One entry.
     *
     * @param file        the file, relative to {@code dev/gradbook/exercises/} ({@code scalar/Value.java})
     * @param code        the mutated line's code without its indentation
     * @param mutator     PIT's short mutator name
     * @param description PIT's description of the change
     * @param verdict     equivalent or accepted
     * @param reason      why no test can, or should, tell the mutant from the original
     * @param lineNumber  the entry's line in the list, for messages
     */
    record Entry(String file, String code, String mutator, String description, Verdict verdict, String reason,
                 int lineNumber) {

        /** Whether this entry names that mutant, whose line holds {@code code}. */
        boolean matches(Mutant mutant, String mutantCode) {
            return SolutionRegions.shortName(mutant.file()).equals(file) && mutantCode.equals(code)
                    && mutant.mutator().equals(mutator) && mutant.description().equals(description);
        }

        @Override
        public String toString() {
            return file + " '" + code + "' " + mutator + ": " + description;
        }
    }

    /** Copies the list. */
    ReviewedMutants {
        entries = List.copyOf(entries);
    }

    /** No reviewed mutants at all. */
    static ReviewedMutants none() {
        return new ReviewedMutants(List.of());
    }

    /**
     * Reads the list.
     *
     * @throws IllegalArgumentException naming the file and line of an entry without its six
     *                                  fields, with an unknown verdict or without a reason
     */
    static ReviewedMutants read(Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("mutation report: the list of reviewed mutants " + list
                    + " does not exist; pass --reviewed=FILE (exercises/reviewed-mutants.tsv)");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(list);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = "mutation report: " + list + ":" + (i + 1);
            String[] fields = line.split("\t", -1);
            if (fields.length != 6 || fields[5].isBlank()) {
                throw new IllegalArgumentException(where + " has " + fields.length + " tab-separated fields"
                        + (fields.length == 6 ? " and no reason" : "") + "; an entry is file, code, mutator,"
                        + " description, verdict (equivalent or accepted) and the reason");
            }
            Verdict verdict;
            try {
                verdict = Verdict.valueOf(fields[4].strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": the verdict is '" + fields[4].strip()
                        + "'; it must be equivalent or accepted", e);
            }
            entries.add(new Entry(fields[0].strip(), fields[1].strip(), fields[2].strip(), fields[3].strip(), verdict,
                    fields[5].strip(), i + 1));
        }
        return new ReviewedMutants(entries);
    }
}
