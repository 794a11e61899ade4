package org.xwgrid.client.cli;

import java.io.IOException;
import java.util.List;
import org.xwgrid.common.api.ClientApi.UserCreated;
import org.xwgrid.common.api.ClientApi.UserRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xw user add NAME [--role standard|worker|admin]}: prints the new token alone on its last line. */
@Command(
    name = "add",
    description =
        "Create a user (needs an admin token). Prints the new user's token alone on the last line:"
            + " it is shown only this once.")
public final class UserAddCommand extends GridCommand {
  static final List<String> ROLES = List.of("standard", "worker", "admin");

  @Parameters(index = "0", paramLabel = "NAME", description = "The user name (1-32 of a-z 0-9 - _).")
  String name;

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "standard",
      description = "standard (submits jobs), worker (enrols worker nodes) or admin (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--json", description = "Print the dispatcher's JSON (a UserCreated, with the token).")
  boolean json;

  @Override
  protected int run() throws IOException {
    if (!ROLES.contains(role)) {
      throw usage("--role must be one of " + String.join(", ", ROLES) + ", not '" + role + "'");
    }
    requireUserName(name);
    requireToken();
    UserCreated created = client().createUser(new UserRequest(name, role));
    if (json) {
      printJson(created);
      return 0;
    }
    out().println("created user " + created.name() + " (role " + created.role()
        + "); its token, shown only this once:");
    out().println(created.token());
    return 0;
  }
}
