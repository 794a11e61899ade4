package org.xwgrid.client.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table for terminals: a header row, columns padded to their widest cell. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  /** Adds a row; null cells print as "-". */
  public Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = cells[i] == null ? "-" : oneLine(String.valueOf(cells[i]));
    }
    rows.add(r);
    return this;
  }

  /** Rows without the header. */
  public int size() {
    return rows.size() - 1;
  }

  public void print(PrintWriter out) {
    print(out, "");
  }

  /** Prints every line after {@code indent}, for a table nested under another line. */
  public void print(PrintWriter out, String indent) {
    for (String line : lines()) {
      out.println(indent + line);
    }
  }

  /** The lines {@link #print} prints, header first, without trailing blanks. */
  private List<String> lines() {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  @Override
  public String toString() {
    return "Table" + Arrays.toString(rows.get(0)) + " with " + size() + " rows";
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }
}
