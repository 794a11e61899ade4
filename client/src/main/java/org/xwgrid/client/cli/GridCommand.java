package org.xwgrid.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.client.GridClient;
import org.xwgrid.client.GridClientException;
import org.xwgrid.common.Json;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code xw} client command shares: {@code --dispatcher}, {@code --token}, the output
 * writers of its {@link CommandLine}, and the error rule: a failure prints one line on stderr,
 * {@code xw CMD: message}, and exits 1; a usage error ({@link ParameterException}) exits 2. Never a
 * stack trace.
 */
public abstract class GridCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(GridCommand.class);

  @Mixin GridOptions grid;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private GridClient client;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (ParameterException e) {
      throw e;
    } catch (GridClientException | IllegalArgumentException | IllegalStateException e) {
      return fail(e.getMessage());
    } catch (UncheckedIOException e) {
      return fail(describe(e.getCause()));
    } catch (IOException e) {
      return fail(describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    } catch (RuntimeException e) {
      log.debug("Unexpected failure of [{}]", spec.qualifiedName(), e);
      return fail("unexpected error: " + e);
    } finally {
      out().flush();
      err().flush();
    }
  }

  /** The command's work; returns the exit code. */
  protected abstract int run() throws IOException, InterruptedException;

  protected GridClient client() {
    if (client == null) {
      client = grid.client();
    }
    return client;
  }

  /** Fails with a usage error (exit 2) unless a token was given. */
  protected void requireToken() {
    if (grid.token() == null || grid.token().isBlank()) {
      throw usage("no token: give --token TOKEN or set XW_TOKEN");
    }
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A usage error of this command: picocli prints it with the usage help and exits 2. */
  protected ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** A usage error unless {@code name} is a valid user name. */
  protected void requireUserName(String name) {
    if (!org.xwgrid.common.Names.isIdentifier(name)) {
      throw usage("user name '" + name + "' is not valid: use 1-32 of a-z 0-9 - _, starting with a letter or digit");
    }
  }

  /** Prints {@code value} as the server's JSON, pretty-printed. */
  protected void printJson(Object value) throws JsonProcessingException {
    out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
  }

  /** Prints {@code xw CMD: message} on stderr and returns exit code 1. */
  protected int fail(String message) {
    err().println(spec.qualifiedName() + ": " + (message == null || message.isBlank() ? "failed" : oneLine(message)));
    return 1;
  }

  /** Prints a warning line on stderr. */
  protected void warn(String message) {
    err().println(spec.qualifiedName() + ": " + oneLine(message));
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file or folder: " + m;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists: " + m;
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder: " + m;
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static String oneLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
