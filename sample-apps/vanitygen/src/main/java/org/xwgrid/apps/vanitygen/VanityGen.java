package org.xwgrid.apps.vanitygen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point run by grid workers. Follows the app contract: {@code --KEY=VALUE} arguments,
 * results in the output folder ({@code $XW_OUTPUT_DIR}, else {@code ./output}), exit code 0 for a
 * finished search (found or not), 2 for bad arguments, 1 for an unexpected error.
 */
public final class VanityGen {

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    /** Environment variable naming the output folder. */
    public static final String OUTPUT_DIR_ENV = "XW_OUTPUT_DIR";

    private VanityGen() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of(""), System.out, System.err));
    }

    /**
     * Runs one search and returns the exit code.
     *
     * @param env environment variables (only {@value #OUTPUT_DIR_ENV} is read)
     * @param workDir folder that {@code ./output} is relative to when the variable is unset
     */
    public static int run(String[] args, Map<String, String> env, Path workDir, PrintStream out, PrintStream err) {
        if (VanityArgs.wantsHelp(args)) {
            out.println(VanityArgs.USAGE);
            return EXIT_OK;
        }
        VanityArgs parsed;
        try {
            parsed = VanityArgs.parse(args);
        } catch (VanityArgs.UsageException e) {
            err.println("vanitygen: " + e.getMessage());
            err.println(VanityArgs.USAGE);
            return EXIT_USAGE;
        }
        try {
            KeySearch.Result result = KeySearch.search(parsed.pattern(), parsed.seed(), parsed.maxKeys());
            ResultFiles.write(result, outputDir(env, workDir));
            out.print(ResultFiles.text(result));
            out.flush();
            return EXIT_OK;
        } catch (IOException | RuntimeException e) {
            err.println("vanitygen: error: " + e);
            return EXIT_ERROR;
        }
    }

    static Path outputDir(Map<String, String> env, Path workDir) {
        String dir = env.get(OUTPUT_DIR_ENV);
        return dir == null || dir.isBlank() ? workDir.resolve("output") : Path.of(dir);
    }
}
