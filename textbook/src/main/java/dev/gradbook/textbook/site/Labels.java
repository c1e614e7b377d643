package dev.gradbook.textbook.site;

/**
 * The words the site itself writes around the chapters, in the language of each edition: the
 * navigation, and the notes above listings that are quoted, throw or do not run.
 *
 * @param language   the edition's language, named in that language, for the switch to it: {@code Español}
 * @param bookTitle  the book's title in that language
 * @param contents   the link to the edition's contents page
 * @param previous   the link to the previous chapter
 * @param next       the link to the next chapter
 * @param glossary   the link to the glossary
 * @param chapters   "chapters", after a count on the front page
 * @param quotedFrom the note above a {@code quote=} listing, before the file's path
 * @param mustThrow  the note above an {@code expect=throws:} listing, before the exception
 * @param notRun     the note above a {@code norun=} listing, before the reason
 */
record Labels(String language, String bookTitle, String contents, String previous, String next, String glossary,
              String chapters, String quotedFrom, String mustThrow, String notRun) {

    private static final Labels ENGLISH = new Labels("English", "gradbook: the textbook", "Contents", "Previous",
            "Next", "Glossary", "chapters", "Quoted from", "Throws", "Not run:");
    private static final Labels SPANISH = new Labels("Español", "gradbook: el libro", "Índice", "Anterior",
            "Siguiente", "Glosario", "capítulos", "Citado de", "Lanza", "No se ejecuta:");

    /**
     * The labels of an edition.
     *
     * @param edition an edition's folder name, e.g. {@code es}
     * @return its labels; an edition this class does not know yet gets the English words, with
     *         its folder name as the language's name
     */
    static Labels of(String edition) {
        return switch (edition) {
            case "en" -> ENGLISH;
            case "es" -> SPANISH;
            default -> new Labels(edition, ENGLISH.bookTitle + " (" + edition + ")", ENGLISH.contents,
                    ENGLISH.previous, ENGLISH.next, ENGLISH.glossary, ENGLISH.chapters, ENGLISH.quotedFrom,
                    ENGLISH.mustThrow, ENGLISH.notRun);
        };
    }
}
