package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VanityArgsTest {

    @Test
    void shouldParseEqualsForm() throws Exception {
        assertEquals(new VanityArgs("1Lo", "demo-3", 50_000),
                VanityArgs.parse(new String[] {"--pattern=1Lo", "--seed=demo-3", "--max-keys=50000"}));
    }

    @Test
    void shouldParseSeparateValueFormInAnyOrder() throws Exception {
        assertEquals(new VanityArgs("1Lo", "a b", 7),
                VanityArgs.parse(new String[] {"--max-keys", "7", "--seed", "a b", "--pattern", "1Lo"}));
    }

    @Test
    void shouldDefaultMaxKeys() throws Exception {
        assertEquals(VanityArgs.DEFAULT_MAX_KEYS, VanityArgs.parse(new String[] {"--pattern=1A", "--seed=x"}).maxKeys());
    }

    @Test
    void shouldKeepEverythingAfterTheFirstEqualsInTheValue() throws Exception {
        assertEquals("a=b=--c", VanityArgs.parse(new String[] {"--pattern=1A", "--seed=a=b=--c"}).seed());
        assertEquals("", VanityArgs.parse(new String[] {"--pattern=1A", "--seed="}).seed());
    }

    @Test
    void shouldExplainWhatIsWrong() {
        assertMessage("missing required option --pattern", "--seed=x");
        assertMessage("missing required option --seed", "--pattern=1A");
        assertMessage("must start with '1'", "--pattern=A1", "--seed=x");
        assertMessage("not a base58 character", "--pattern=1O", "--seed=x");
        assertMessage("--max-keys must be a positive integer", "--pattern=1A", "--seed=x", "--max-keys=0");
        assertMessage("unknown option --speed", "--pattern=1A", "--speed=x");
        assertMessage("given more than once", "--pattern=1A", "--pattern=1B", "--seed=x");
        assertMessage("needs a value", "--pattern=1A", "--seed");
        assertMessage("needs a value", "--seed", "--pattern=1A");
        assertMessage("unexpected argument", "pattern=1A", "--seed=x");
    }

    @Test
    void shouldRecogniseHelp() {
        assertTrue(VanityArgs.wantsHelp(new String[] {"--help"}));
        assertTrue(VanityArgs.wantsHelp(new String[] {"--pattern=1A", "-h"}));
        assertFalse(VanityArgs.wantsHelp(new String[] {"--seed=--help"}));
    }

    private static void assertMessage(String expected, String... args) {
        VanityArgs.UsageException e = assertThrows(VanityArgs.UsageException.class, () -> VanityArgs.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
