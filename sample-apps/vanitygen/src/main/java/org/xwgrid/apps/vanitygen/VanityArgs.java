package org.xwgrid.apps.vanitygen;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of vanitygen: {@code --pattern=P --seed=S [--max-keys=N]}, each option also
 * accepted as {@code --KEY VALUE}.
 */
public record VanityArgs(String pattern, String seed, long maxKeys) {

    public static final long DEFAULT_MAX_KEYS = 100_000;

    public static final String USAGE = "usage: vanitygen --pattern=1... --seed=SEED [--max-keys=N]  (default N: "
            + DEFAULT_MAX_KEYS + ")";

    private static final String PATTERN = "pattern";
    private static final String SEED = "seed";
    private static final String MAX_KEYS = "max-keys";
    private static final Set<String> OPTIONS = Set.of(PATTERN, SEED, MAX_KEYS);

    /** A command line that cannot be run; the message says why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** True if the arguments ask for help rather than a search. */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    public static VanityArgs parse(String[] args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument \"" + arg + "\" (options look like --KEY=VALUE)");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String key = eq >= 0 ? body.substring(0, eq) : body;
            if (!OPTIONS.contains(key)) {
                throw new UsageException("unknown option --" + key);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + key + " needs a value");
            }
            if (values.put(key, value) != null) {
                throw new UsageException("option --" + key + " given more than once");
            }
        }
        String pattern = values.get(PATTERN);
        if (pattern == null) {
            throw new UsageException("missing required option --pattern");
        }
        try {
            KeySearch.checkPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String seed = values.get(SEED);
        if (seed == null) {
            throw new UsageException("missing required option --seed");
        }
        return new VanityArgs(pattern, seed, parseMaxKeys(values.get(MAX_KEYS)));
    }

    private static long parseMaxKeys(String text) throws UsageException {
        if (text == null) {
            return DEFAULT_MAX_KEYS;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--max-keys must be a positive integer: \"" + text + "\"");
        }
        if (value < 1) {
            throw new UsageException("--max-keys must be a positive integer: \"" + text + "\"");
        }
        return value;
    }
}
