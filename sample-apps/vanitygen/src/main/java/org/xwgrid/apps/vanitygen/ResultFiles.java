package org.xwgrid.apps.vanitygen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a search result as {@code result.json} and {@code result.txt}. Both depend only on the
 * result (no time, host or path), so replicas of a task write byte-identical files.
 */
public final class ResultFiles {

    public static final String JSON_FILE = "result.json";
    public static final String TEXT_FILE = "result.txt";

    private ResultFiles() {
    }

    /**
     * One line: {@code {"pattern","seed","keysTried","found"}} then, when found,
     * {@code "address","wif","keyIndex"}; always in that order, ending with a newline.
     */
    public static String json(KeySearch.Result result) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"pattern\":");
        appendString(out, result.pattern());
        out.append(",\"seed\":");
        appendString(out, result.seed());
        out.append(",\"keysTried\":").append(result.keysTried());
        out.append(",\"found\":").append(result.found());
        result.match().ifPresent(match -> {
            out.append(",\"address\":");
            appendString(out, match.address());
            out.append(",\"wif\":");
            appendString(out, match.wif());
            out.append(",\"keyIndex\":").append(match.keyIndex());
        });
        return out.append("}\n").toString();
    }

    /** {@code FOUND <address> <wif>} or {@code NOT FOUND pattern=<p> keys=<n>}, with a newline. */
    public static String text(KeySearch.Result result) {
        return result.match()
                .map(match -> "FOUND " + match.address() + " " + match.wif() + "\n")
                .orElseGet(() -> "NOT FOUND pattern=" + result.pattern() + " keys=" + result.keysTried() + "\n");
    }

    /** Writes both files into {@code outputDir}, creating the folder if needed. */
    public static void write(KeySearch.Result result, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(JSON_FILE), json(result), StandardCharsets.UTF_8);
        Files.writeString(outputDir.resolve(TEXT_FILE), text(result), StandardCharsets.UTF_8);
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
