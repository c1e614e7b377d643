/**
 * The {@code gradbook} command line: {@link dev.gradbook.cli.Gradbook} and a picocli command per
 * program. The programs are plain Java in the modules below (options record in, text out); this
 * package only reads options, calls them, and reports errors in one line with an exit status.
 */
package dev.gradbook.cli;
