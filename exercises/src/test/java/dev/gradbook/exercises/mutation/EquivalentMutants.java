package dev.gradbook.exercises.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutants that no test can kill because they do not change what the code does, each with the
 * reason, read from one file ({@code exercises/equivalent-mutants.tsv}).
 *
 * <p>{@code i < n} mutated to {@code i != n} in a loop that counts up from 0 by 1 is the classic
 * one: both stop at the same {@code i}. Such a mutant is counted apart (neither killed nor
 * survived), so it neither lowers the score nor hides a real gap.
 *
 * <p>A line of the file names the mutant by what it changes, not by its line number, so an entry
 * survives edits above it: the file (relative to {@code dev/gradbook/exercises/}), the code of
 * the mutated line without its indentation, PIT's mutator and PIT's description, then why the
 * change cannot be observed. Fields are separated by tabs; {@code #} starts a comment line.
 *
 * <pre>
 * scalar/GraphOrder.java	while (!stack.isEmpty()) {	...Mutator	...description	why
 * </pre>
 *
 * @param entries the entries, in file order
 */
record EquivalentMutants(List<Entry> entries) {

    /**
     * One entry.
     *
     * @param file        the file, relative to {@code dev/gradbook/exercises/} ({@code scalar/Value.java})
     * @param code        the mutated line's code without its indentation
     * @param mutator     PIT's short mutator name
     * @param description PIT's description of the change
     * @param reason      why no test can tell the mutant from the original
     * @param lineNumber  the entry's line in the list, for messages
     */
    record Entry(String file, String code, String mutator, String description, String reason, int lineNumber) {

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
    EquivalentMutants {
        entries = List.copyOf(entries);
    }

    /**
     * Reads the list.
     *
     * @throws IllegalArgumentException naming the file and line of an entry without its five
     *                                  fields or without a reason
     */
    static EquivalentMutants read(Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("mutation report: the list of equivalent mutants " + list
                    + " does not exist; pass --equivalents FILE (exercises/equivalent-mutants.tsv)");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(list);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 5 || fields[4].isBlank()) {
                throw new IllegalArgumentException("mutation report: " + list + ":" + (i + 1) + " has " + fields.length
                        + " tab-separated fields" + (fields.length == 5 ? " and no reason" : "") + "; an entry is"
                        + " file, code, mutator, description and the reason it cannot change behaviour");
            }
            entries.add(new Entry(fields[0].strip(), fields[1].strip(), fields[2].strip(), fields[3].strip(),
                    fields[4].strip(), i + 1));
        }
        return new EquivalentMutants(entries);
    }
}
