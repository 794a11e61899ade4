package org.xwgrid.launcher;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xwgrid.common.poco.sim.SimulationResult;

/**
 * The PNG of {@code xw simulate --plot}, drawn with XChart off screen (headless). One scenario:
 * bars of error rate and replicas per task per strategy. A sweep: one row per trust, columns error
 * rate (log scale; 0 drawn on the bottom line) and replicas per task against the saboteur fraction
 * f, for each sabotage rate s; a dashed line marks 1/trust.
 */
final class SimulationPlot {
  private static final int WIDTH = 420;
  private static final int HEIGHT = 270;
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  private SimulationPlot() {}

  static void write(Path file, List<SimulationResult> results, boolean sweep) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Chart<?, ?>> charts = new ArrayList<>();
    int rows;
    int columns;
    if (sweep) {
      Set<Long> trusts = new LinkedHashSet<>();
      Set<Double> rates = new LinkedHashSet<>();
      results.forEach(r -> {
        trusts.add(r.trust());
        rates.add(r.sabotageRate());
      });
      double floor = floor(results);
      for (long trust : trusts) {
        for (double rate : rates) {
          charts.add(errorsAgainstSaboteurs(results, trust, rate, floor));
        }
        for (double rate : rates) {
          charts.add(replicasAgainstSaboteurs(results, trust, rate));
        }
      }
      rows = trusts.size();
      columns = 2 * rates.size();
    } else {
      double floor = floor(results);
      charts.add(bars(results, "error rate (log; 0 drawn at " + num(floor) + ")", floor));
      charts.add(bars(results, "replicas per finalized task", 0));
      rows = 1;
      columns = 2;
    }
    BufferedImage sheet = new BufferedImage(columns * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    for (int i = 0; i < charts.size(); i++) {
      g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * WIDTH, (i / columns) * HEIGHT, null);
    }
    g.dispose();
    writePng(sheet, file);
  }

  /** A PNG with the strongest compression ImageIO has (the sweep's sheet stays under 200 KB). */
  private static void writePng(BufferedImage image, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0f);
    try (OutputStream out = Files.newOutputStream(file);
        ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  /** One scenario: a bar per strategy; error rates (log scale, from {@code floor}) if floor > 0, else replicas per task. */
  private static CategoryChart bars(List<SimulationResult> results, String title, double floor) {
    SimulationResult first = results.get(0);
    boolean errors = floor > 0;
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(String.format(Locale.ROOT, "f = %s, s = %s%s, trust %d, %d workers, %d tasks", num(first.saboteurs()),
                num(first.sabotageRate()), first.collude() ? ", colluding" : "", first.trust(), first.workers(), first.tasks()))
            .build();
    style(c.getStyler());
    c.getStyler().setLegendVisible(errors).setLegendPosition(LegendPosition.OutsideS);
    c.getStyler().setOverlapped(true);
    List<String> names = results.stream().map(SimulationResult::strategy).toList();
    if (errors) {
      c.getStyler().setYAxisLogarithmic(true).setYAxisMin(floor).setYAxisMax(1.0);
      c.addSeries("error rate", names, results.stream().map(r -> Math.max(zeroIfNaN(r.errorRate()), floor)).toList());
      c.addSeries("1/trust", names, names.stream().map(n -> 1.0 / first.trust()).toList())
          .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line)
          .setMarker(SeriesMarkers.NONE)
          .setLineColor(Color.DARK_GRAY);
    } else {
      c.getStyler().setLabelsVisible(true).setLabelsFont(SMALL).setLabelsPosition(0.9);
      c.getStyler().setYAxisDecimalPattern("0.0#");
      c.addSeries("replicas per task", names, results.stream().map(r -> zeroIfNaN(r.replicasPerTask())).toList());
    }
    return c;
  }

  private static XYChart errorsAgainstSaboteurs(List<SimulationResult> results, long trust, double rate, double floor) {
    XYChart c = sweepChart("error rate by saboteur fraction f; s = " + num(rate) + ", trust " + trust, "error rate (0 drawn at " + num(floor) + ")");
    c.getStyler().setYAxisLogarithmic(true).setYAxisMin(floor).setYAxisMax(1.0);
    c.getStyler().setPlotGridHorizontalLinesVisible(false);
    for (String strategy : strategies(results)) {
      List<SimulationResult> line = line(results, strategy, trust, rate);
      c.addSeries(strategy, xs(line), line.stream().map(r -> Math.max(zeroIfNaN(r.errorRate()), floor)).toList());
    }
    List<Double> xs = xs(line(results, strategies(results).get(0), trust, rate));
    XYSeries limit = c.addSeries("1/trust", xs, xs.stream().map(x -> 1.0 / trust).toList());
    limit.setMarker(SeriesMarkers.NONE);
    limit.setLineColor(Color.DARK_GRAY);
    limit.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    return c;
  }

  private static XYChart replicasAgainstSaboteurs(List<SimulationResult> results, long trust, double rate) {
    XYChart c = sweepChart("replicas per task by saboteur fraction f; s = " + num(rate) + ", trust " + trust, "replicas per finalized task");
    c.getStyler().setYAxisMin(0.0);
    for (String strategy : strategies(results)) {
      List<SimulationResult> line = line(results, strategy, trust, rate);
      c.addSeries(strategy, xs(line), line.stream().map(r -> zeroIfNaN(r.replicasPerTask())).toList());
    }
    return c;
  }

  private static XYChart sweepChart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setLegendPosition(LegendPosition.OutsideS).setLegendLayout(LegendLayout.Horizontal).setLegendSeriesLineLength(8);
    c.getStyler().setXAxisDecimalPattern("0.0");
    c.getStyler().setMarkerSize(6);
    return c;
  }

  private static void style(org.knowm.xchart.style.Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    s.setLegendFont(SMALL);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendPadding(3);
    s.setChartPadding(6);
    if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
      a.setAxisTitleFont(SMALL);
      a.setAxisTickLabelsFont(SMALL);
      a.setPlotGridLinesColor(new Color(225, 225, 225));
      a.setPlotBackgroundColor(Color.WHITE);
    }
  }

  private static List<String> strategies(List<SimulationResult> results) {
    return results.stream().map(SimulationResult::strategy).distinct().toList();
  }

  /** The results of one strategy at one trust and sabotage rate, in the order of f. */
  private static List<SimulationResult> line(List<SimulationResult> results, String strategy, long trust, double rate) {
    return results.stream()
        .filter(r -> r.strategy().equals(strategy) && r.trust() == trust && r.sabotageRate() == rate)
        .sorted((a, b) -> Double.compare(a.saboteurs(), b.saboteurs()))
        .toList();
  }

  private static List<Double> xs(List<SimulationResult> line) {
    return line.stream().map(SimulationResult::saboteurs).toList();
  }

  /** Where a zero error rate is drawn on the log axis: a power of ten below one error in the most finalized tasks. */
  private static double floor(List<SimulationResult> results) {
    long most = results.stream().mapToLong(SimulationResult::finalized).max().orElse(1);
    return Math.pow(10, Math.floor(Math.log10(0.5 / Math.max(most, 1))));
  }

  private static double zeroIfNaN(double x) {
    return Double.isNaN(x) ? 0 : x;
  }

  private static String num(double x) {
    if (x == Math.rint(x)) {
      return Long.toString((long) x);
    }
    return x < 0.001 ? String.format(Locale.ROOT, "%.0e", x) : String.format(Locale.ROOT, "%.3f", x).replaceAll("0+$", "");
  }
}
