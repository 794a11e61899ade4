package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VanityGenTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldWriteByteIdenticalFilesForTheSameSeed() throws Exception {
        Path first = dir.resolve("task-a");
        Path second = dir.resolve("task-b");
        String[] args = {"--pattern=1Lo", "--seed=demo-1", "--max-keys=50000"};
        assertEquals(0, run(args, Map.of(), first));
        assertEquals(0, run(args, Map.of(), second));
        for (String file : new String[] {ResultFiles.JSON_FILE, ResultFiles.TEXT_FILE}) {
            assertArrayEquals(Files.readAllBytes(first.resolve("output").resolve(file)),
                    Files.readAllBytes(second.resolve("output").resolve(file)), file);
        }
        String text = Files.readString(first.resolve("output/result.txt"), StandardCharsets.UTF_8);
        String[] words = text.strip().split(" ");
        assertEquals(3, words.length, text);
        assertEquals("FOUND", words[0]);
        assertTrue(words[1].startsWith("1Lo"), text);
        assertEquals(words[1], BitcoinKeys.addressOfWif(words[2]));
        String json = Files.readString(first.resolve("output/result.json"), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"pattern\":\"1Lo\",\"seed\":\"demo-1\",\"keysTried\":"), json);
        assertTrue(json.contains("\"address\":\"" + words[1] + "\",\"wif\":\"" + words[2] + "\",\"keyIndex\":"), json);
        assertEquals(text, out.toString(StandardCharsets.UTF_8).substring(0, text.length()));
    }

    @Test
    void shouldUseOutputDirFromEnvironment() throws Exception {
        Path target = dir.resolve("elsewhere");
        assertEquals(0, run(new String[] {"--pattern", "1111111111", "--seed", "s", "--max-keys", "5"},
                Map.of(VanityGen.OUTPUT_DIR_ENV, target.toString()), dir));
        assertEquals("NOT FOUND pattern=1111111111 keys=5\n", Files.readString(target.resolve("result.txt")));
        assertEquals("{\"pattern\":\"1111111111\",\"seed\":\"s\",\"keysTried\":5,\"found\":false}\n",
                Files.readString(target.resolve("result.json")));
        assertFalse(Files.exists(dir.resolve("output")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--seed=x",
        "--pattern=1Lo",
        "--pattern=Lo --seed=x",
        "--pattern=2Lo --seed=x",
        "--pattern=1L0 --seed=x",
        "--pattern=1Il --seed=x",
        "--pattern= --seed=x",
        "--pattern=1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz --seed=x",
        "--pattern=1Lo --seed=x --max-keys=0",
        "--pattern=1Lo --seed=x --max-keys=-3",
        "--pattern=1Lo --seed=x --max-keys=lots",
        "--pattern=1Lo --seed=x --max-keys=1.5",
        "--pattern=1Lo --seed=x --max-keys=99999999999999999999",
        "--pattern=1Lo --seed=x --colour=red",
        "--pattern=1Lo --seed=x --seed=y",
        "--pattern=1Lo --seed=x extra",
        "--pattern=1Lo --seed",
    })
    void shouldExitTwoOnBadArguments(String line) throws Exception {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertEquals(VanityGen.EXIT_USAGE, run(args, Map.of(), dir));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("vanitygen: "), message);
        assertTrue(message.contains("usage: vanitygen"), message);
        assertFalse(Files.exists(dir.resolve("output")));
    }

    @Test
    void shouldPrintUsageOnHelp() {
        assertEquals(0, run(new String[] {"--help"}, Map.of(), dir));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: vanitygen"));
    }

    @Test
    void shouldExitOneWhenTheOutputCannotBeWritten() throws Exception {
        Path blocker = dir.resolve("output");
        Files.writeString(blocker, "a file where the output folder should be");
        assertEquals(VanityGen.EXIT_ERROR, run(new String[] {"--pattern=1", "--seed=x"}, Map.of(), dir));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("vanitygen: error: "));
    }

    private int run(String[] args, Map<String, String> env, Path workDir) {
        return VanityGen.run(args, env, workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
