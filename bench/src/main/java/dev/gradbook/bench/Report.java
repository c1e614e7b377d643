package dev.gradbook.bench;

import dev.gradbook.layers.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns measurements into what people read: a text table, a CSV file and a PNG bar chart. */
final class Report {
    private final List<Result> results;

    Report(List<Result> results) {
        this.results = List.copyOf(results);
    }

    /** Time of {@code workload} on {@code backend} in {@code dtype}, or null if not measured. */
    private Result find(Workload workload, String backend, String dtype) {
        for (Result r : results) {
            if (r.workload() == workload && r.backend().equals(backend) && r.dtype().equals(dtype)) {
                return r;
            }
        }
        return null;
    }

    private Set<String> backends() {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.add(r.backend()));
        return names;
    }

    private Set<String> dtypes() {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.add(r.dtype()));
        return names;
    }

    private Set<Workload> workloads() {
        Set<Workload> all = new LinkedHashSet<>();
        results.forEach(r -> all.add(r.workload()));
        return all;
    }

    /** Speed-up over the naive backend (naive time / this time), or NaN without a naive figure. */
    double speedup(Result r) {
        Result naive = find(r.workload(), "naive", r.dtype());
        return naive == null ? Double.NaN : naive.seconds() / r.seconds();
    }

    /** One table per dtype: a row per workload, a column per backend: time, GFLOP/s, ×naive. */
    void printTable(PrintStream out) {
        for (String dtype : dtypes()) {
            out.printf(Locale.ROOT, "%n%s — median time per run; GFLOP/s for products; ×naive = speed-up over naive%n",
                    dtype);
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-34s", "workload"));
            for (String b : backends()) {
                header.append(String.format(Locale.ROOT, " | %-28s", b));
            }
            out.println(header);
            out.println("-".repeat(header.length()));
            for (Workload w : workloads()) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-34s", w.name()));
                for (String b : backends()) {
                    Result r = find(w, b, dtype);
                    row.append(" | ").append(String.format(Locale.ROOT, "%-28s", r == null ? "-" : cell(r)));
                }
                out.println(row);
            }
        }
    }

    private String cell(Result r) {
        String time = r.seconds() >= 0.1 ? String.format(Locale.ROOT, "%.2f s", r.seconds())
                : r.seconds() >= 1e-4 ? String.format(Locale.ROOT, "%.2f ms", r.seconds() * 1e3)
                : String.format(Locale.ROOT, "%.1f µs", r.seconds() * 1e6);
        String gflops = Double.isNaN(r.gflops()) ? "" : String.format(Locale.ROOT, " %6.1f GF/s", r.gflops());
        double speedup = speedup(r);
        String ratio = Double.isNaN(speedup) || r.backend().equals("naive") ? ""
                : String.format(Locale.ROOT, " %6.1f×", speedup);
        return time + gflops + ratio;
    }

    /** Long-format CSV: one line per measurement. */
    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("workload,group,dtype,backend,seconds,gflops,speedup_vs_naive\n");
        for (Result r : results) {
            csv.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%s,%.9f,%s,%s%n", r.workload().name(),
                    r.workload().group(), r.dtype(), r.backend(), r.seconds(),
                    Double.isNaN(r.gflops()) ? "" : String.format(Locale.ROOT, "%.3f", r.gflops()),
                    Double.isNaN(speedup(r)) ? "" : String.format(Locale.ROOT, "%.3f", speedup(r))));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A grouped bar chart per dtype (speed-up over naive, log scale), stacked in one PNG. */
    void writePng(Path file) throws IOException {
        List<String> dtypes = List.copyOf(dtypes());
        int width = 1400;
        int panel = 560;
        BufferedImage image = new BufferedImage(width, panel * dtypes.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < dtypes.size(); i++) {
            chart(dtypes.get(i)).draw(g, new Rectangle2D.Double(0, i * panel, width, panel));
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private JFreeChart chart(String dtype) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Workload w : workloads()) {
            for (String b : backends()) {
                Result r = find(w, b, dtype);
                if (r != null && !Double.isNaN(speedup(r))) {
                    data.addValue(speedup(r), b, w.name());
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("gradbook backends, " + dtype
                        + ": speed-up over the naive backend (higher is faster)", null, "× naive (log scale)", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("× naive (log scale)");
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of ten: 1×, 10×, 100×
        axis.setNumberFormatOverride(new DecimalFormat("0.#'×'"));
        axis.setRange(0.5, Math.max(2.0, 2 * maxSpeedup(data)));
        plot.setRangeAxis(axis);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static double maxSpeedup(DefaultCategoryDataset data) {
        double max = 1;
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int c = 0; c < data.getColumnCount(); c++) {
                Number v = data.getValue(r, c);
                if (v != null) {
                    max = Math.max(max, v.doubleValue());
                }
            }
        }
        return max;
    }
}
