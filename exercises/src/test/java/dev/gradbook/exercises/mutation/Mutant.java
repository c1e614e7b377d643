package dev.gradbook.exercises.mutation;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One mutant PIT made and ran: a small change to one line of a class (say {@code +} became
 * {@code -}), and whether some grader test noticed.
 *
 * @param file        the source file, relative to the source root
 *                    ({@code dev/gradbook/exercises/scalar/Value.java})
 * @param line        the line PIT changed
 * @param mutator     the kind of change, PIT's short name ({@code MathMutator})
 * @param method      the method it is in
 * @param description PIT's words for the change ({@code Replaced double addition with subtraction})
 * @param status      PIT's verdict: {@code KILLED}, {@code SURVIVED}, {@code NO_COVERAGE},
 *                    {@code TIMED_OUT}, ...
 * @param detected    whether a test failed (or timed out, or ran out of memory) with the change
 *                    in place: PIT's own definition of a killed mutant
 */
record Mutant(String file, int line, String mutator, String method, String description, String status,
              boolean detected) {

    /** {@code scalar/Value.java:123}: where a teacher looks, short enough for a table. */
    String where() {
        return SolutionRegions.shortName(file) + ":" + line;
    }

    /**
     * Reads every mutant of PIT's XML report ({@code outputFormats XML}, the file
     * {@code mutations.xml}).
     *
     * @throws IllegalArgumentException naming the file when it is missing or is not PIT's report
     */
    static List<Mutant> readPitReport(Path mutationsXml) throws IOException {
        if (!Files.isRegularFile(mutationsXml)) {
            throw new IllegalArgumentException("mutation report: " + mutationsXml + " does not exist; run PIT first"
                    + " (mvn -B -P mutation verify -pl exercises -am), or pass --mutations FILE");
        }
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            document = factory.newDocumentBuilder().parse(mutationsXml.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("mutation report: " + mutationsXml + " is not well-formed XML ("
                    + e.getMessage() + "); is it PIT's mutations.xml?", e);
        }
        if (!document.getDocumentElement().getTagName().equals("mutations")) {
            throw new IllegalArgumentException("mutation report: " + mutationsXml + " starts with <"
                    + document.getDocumentElement().getTagName() + ">, PIT's mutations.xml with <mutations>");
        }
        NodeList elements = document.getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>(elements.getLength());
        for (int i = 0; i < elements.getLength(); i++) {
            mutants.add(of((Element) elements.item(i)));
        }
        return mutants;
    }

    private static Mutant of(Element mutation) {
        String mutatedClass = text(mutation, "mutatedClass");
        // A nested class or lambda lives in its outer class's file, in the same package.
        String packagePath = mutatedClass.contains(".")
                ? mutatedClass.substring(0, mutatedClass.lastIndexOf('.')).replace('.', '/') + "/" : "";
        String mutator = text(mutation, "mutator");
        return new Mutant(packagePath + text(mutation, "sourceFile"), Integer.parseInt(text(mutation, "lineNumber")),
                mutator.substring(mutator.lastIndexOf('.') + 1), text(mutation, "mutatedMethod"),
                text(mutation, "description"), mutation.getAttribute("status"),
                Boolean.parseBoolean(mutation.getAttribute("detected")));
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        if (found.getLength() == 0) {
            throw new IllegalArgumentException("mutation report: a <mutation> has no <" + tag + ">; is this PIT's"
                    + " mutations.xml?");
        }
        return found.item(0).getTextContent().strip();
    }
}
