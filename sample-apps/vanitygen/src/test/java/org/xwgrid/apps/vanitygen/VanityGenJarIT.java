package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar the way a worker does: xwapp.json's entrypoint, task folder, XW_* variables. */
class VanityGenJarIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path JAR = MODULE.resolve("target/vanitygen.jar");

    private static List<String> entrypoint;

    @TempDir
    Path task;

    @BeforeAll
    static void readManifest() throws IOException {
        String manifest = Files.readString(MODULE.resolve("xwapp.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"files\":{\"vanitygen.jar\":\"target/vanitygen.jar\"}"), manifest);
        Matcher array = Pattern.compile("\"entrypoint\":\\[([^\\]]*)\\]").matcher(manifest);
        assertTrue(array.find(), manifest);
        entrypoint = new ArrayList<>();
        Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(array.group(1));
        while (item.find()) {
            entrypoint.add(item.group(1).replace("{app}", JAR.getParent().toString()));
        }
        entrypoint.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void shouldFindAPatternAndWriteResultsWhereTheWorkerSays() throws Exception {
        Run run = run("--pattern=1Lo", "--seed=first-match", "--max-keys", "50000");
        assertEquals(0, run.exitCode(), run.stderr());
        String text = Files.readString(task.resolve("output/result.txt"), StandardCharsets.UTF_8);
        String[] words = text.strip().split(" ");
        assertEquals("FOUND", words[0], text);
        assertTrue(words[1].startsWith("1Lo"), text);
        assertEquals(words[1], BitcoinKeys.addressOfWif(words[2]));
        String json = Files.readString(task.resolve("output/result.json"), StandardCharsets.UTF_8);
        KeySearch.Result expected = KeySearch.search("1Lo", "first-match", 50_000);
        assertEquals(ResultFiles.json(expected), json);
    }

    @Test
    void shouldExitTwoWithAMessageOnBadArguments() throws Exception {
        Run run = run("--pattern=2Lo", "--seed=x");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("must start with '1'"), run.stderr());
    }

    private record Run(int exitCode, String stderr) {
    }

    private Run run(String... args) throws Exception {
        Files.createDirectories(task.resolve("input"));
        Files.createDirectories(task.resolve("output"));
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
                .redirectOutput(task.resolve("stdout.log").toFile())
                .redirectError(task.resolve("stderr.log").toFile());
        builder.environment().put("XW_INPUT_DIR", task.resolve("input").toString());
        builder.environment().put("XW_OUTPUT_DIR", task.resolve("output").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "vanitygen did not finish");
        return new Run(process.exitValue(), Files.readString(task.resolve("stderr.log"), StandardCharsets.UTF_8));
    }
}
