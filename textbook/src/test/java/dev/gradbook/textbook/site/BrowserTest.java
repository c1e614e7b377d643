package dev.gradbook.textbook.site;

import dev.gradbook.textbook.Textbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The first chapter of the real book, opened from {@code file://} in headless Chromium.
 *
 * <p>A screenshot alone proves little: a blank page is a fine PNG. So the page is shot twice,
 * once as rendered and once as a copy whose {@code h1} is {@code visibility: hidden}, and the
 * test looks at where the two differ. Only the title may differ, so the difference must be a
 * band at the top of the window, inside the centred column the stylesheet lays out (without the
 * stylesheet the title would start at the window's left edge), and it must be dark text on the
 * light page. A blank page, a page without its stylesheet, or a page whose title is not drawn
 * fails.
 *
 * <p>Without a browser on the {@code PATH} the test is skipped with the reason, except under
 * {@code CI=true}, where it fails: {@code .ci/run} installs Chromium, so a missing one is a
 * broken CI machine. With {@code -Dgradbook.screenshot=FILE} the screenshot is also copied to
 * {@code FILE}; that is how the README's {@code docs/img/book-site.png} is made.
 */
@DisplayName("A chapter page in headless Chromium: drawn, styled, its title on screen")
class BrowserTest {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 900;

    @TempDir
    Path temp;
    private Chromium chromium;

    /** Per test, not per class, so that a skip is reported as a skipped test with its reason. */
    @BeforeEach
    void findTheBrowser() {
        Optional<Chromium> found = Chromium.onPath(temp);
        if (found.isEmpty()) {
            String reason = "no " + String.join(" or ", Chromium.NAMES) + " on the PATH";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ", and CI=true: CI must run the browser test (.ci/run installs Chromium with apt-get)");
            }
            String skipped = "BrowserTest skipped: " + reason + "; install it (Debian: apt-get install chromium) to run it";
            System.err.println(skipped); // surefire's summary only counts skips; this line says why
            assumeTrue(false, skipped);
        }
        chromium = found.get();
    }

    @Test
    @DisplayName("the first chapter: not blank, dark on light, its title drawn at the top of the centred column")
    void firstChapter() throws Exception {
        Textbook book = Textbook.locate();
        Path site = temp.resolve("site");
        BookSite.render(book, site);
        String first = book.chapterFiles(Textbook.SOURCE_EDITION).get(0).getFileName().toString();
        Path page = site.resolve(SiteLinks.chapterPage(Textbook.SOURCE_EDITION, first));
        Path withoutTitle = page.resolveSibling("without-title.html"); // same folder: same relative links
        String html = Files.readString(page);
        assertTrue(html.contains("</head>"), "the page has a head to add a style to");
        Files.writeString(withoutTitle, html.replace("</head>", "<style>h1 { visibility: hidden; }</style>\n</head>"));

        Path shot = temp.resolve("chapter.png");
        BufferedImage rendered = chromium.screenshot(page, shot, WIDTH, HEIGHT);
        BufferedImage untitled = chromium.screenshot(withoutTitle, temp.resolve("without-title.png"), WIDTH, HEIGHT);
        String screenshot = System.getProperty("gradbook.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            Files.copy(shot, Path.of(screenshot), StandardCopyOption.REPLACE_EXISTING);
        }

        assertEquals(WIDTH, rendered.getWidth());
        assertEquals(HEIGHT, rendered.getHeight());
        double[] meanAndSpread = luminanceMeanAndSpread(rendered, new Rectangle(0, 0, WIDTH, HEIGHT));
        assertTrue(meanAndSpread[1] > 10, () -> "the page looks blank: luminance spread " + meanAndSpread[1]);
        assertTrue(meanAndSpread[0] > 200, () -> "the page is not dark text on a light page: mean luminance " + meanAndSpread[0]);

        Rectangle title = differingRegion(rendered, untitled);
        assertTrue(title != null, "hiding the h1 changed no pixel: the title is not drawn");
        assertTrue(title.y < 250 && title.y + title.height < 450,
                () -> "the title should be a band near the top of the window, but the pages differ in " + title);
        assertTrue(title.x > 150 && title.x + title.width < WIDTH - 150,
                () -> "the title should sit in the centred column (the stylesheet applied), but it spans " + title);
        long darkPixels = countDark(rendered, title);
        assertTrue(darkPixels > 1000, () -> "the title's band holds only " + darkPixels + " dark pixels: no dark text");
    }

    /** The smallest rectangle holding every pixel where the two images differ; {@code null} if none does. */
    private static Rectangle differingRegion(BufferedImage a, BufferedImage b) {
        int left = Integer.MAX_VALUE, top = Integer.MAX_VALUE, right = -1, bottom = -1;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    left = Math.min(left, x);
                    top = Math.min(top, y);
                    right = Math.max(right, x);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return right < 0 ? null : new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }

    /** Mean and standard deviation of the luminance (0 black to 255 white) over a region. */
    private static double[] luminanceMeanAndSpread(BufferedImage image, Rectangle region) {
        double sum = 0;
        double sumOfSquares = 0;
        long count = 0;
        for (int y = region.y; y < region.y + region.height; y++) {
            for (int x = region.x; x < region.x + region.width; x++) {
                double luminance = luminance(image.getRGB(x, y));
                sum += luminance;
                sumOfSquares += luminance * luminance;
                count++;
            }
        }
        double mean = sum / count;
        return new double[] {mean, Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean))};
    }

    private static long countDark(BufferedImage image, Rectangle region) {
        long dark = 0;
        for (int y = region.y; y < region.y + region.height; y++) {
            for (int x = region.x; x < region.x + region.width; x++) {
                if (luminance(image.getRGB(x, y)) < 100) {
                    dark++;
                }
            }
        }
        return dark;
    }

    private static double luminance(int rgb) {
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    }
}
