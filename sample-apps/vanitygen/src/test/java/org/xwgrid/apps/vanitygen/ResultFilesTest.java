package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    private static final KeySearch.Result FOUND = new KeySearch.Result("1Lo", "demo-0", 1234,
            Optional.of(new KeySearch.Match(1233, "1LoAddress", "KwWif")));
    private static final KeySearch.Result NOT_FOUND = new KeySearch.Result("1Lo", "demo-0", 50_000, Optional.empty());

    @Test
    void shouldWriteFoundJsonInFixedOrderOnOneLine() {
        assertEquals("{\"pattern\":\"1Lo\",\"seed\":\"demo-0\",\"keysTried\":1234,\"found\":true,"
                + "\"address\":\"1LoAddress\",\"wif\":\"KwWif\",\"keyIndex\":1233}\n", ResultFiles.json(FOUND));
    }

    @Test
    void shouldLeaveOutMatchFieldsWhenNotFound() {
        assertEquals("{\"pattern\":\"1Lo\",\"seed\":\"demo-0\",\"keysTried\":50000,\"found\":false}\n",
                ResultFiles.json(NOT_FOUND));
    }

    @Test
    void shouldEscapeSeedsInJson() {
        KeySearch.Result odd = new KeySearch.Result("1A", "q\"b\\n\nt\tc\u0001é", 1, Optional.empty());
        assertEquals("{\"pattern\":\"1A\",\"seed\":\"q\\\"b\\\\n\\nt\\tc\\u0001é\",\"keysTried\":1,\"found\":false}\n",
                ResultFiles.json(odd));
    }

    @Test
    void shouldWriteHumanReadableText() {
        assertEquals("FOUND 1LoAddress KwWif\n", ResultFiles.text(FOUND));
        assertEquals("NOT FOUND pattern=1Lo keys=50000\n", ResultFiles.text(NOT_FOUND));
    }

    @Test
    void shouldWriteBothFilesCreatingTheFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("nested/output");
        ResultFiles.write(FOUND, out);
        assertEquals(ResultFiles.json(FOUND), Files.readString(out.resolve("result.json"), StandardCharsets.UTF_8));
        assertEquals(ResultFiles.text(FOUND), Files.readString(out.resolve("result.txt"), StandardCharsets.UTF_8));
    }
}
