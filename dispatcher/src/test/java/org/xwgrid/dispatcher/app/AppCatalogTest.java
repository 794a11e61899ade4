package org.xwgrid.dispatcher.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.xwgrid.common.api.Capabilities;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.app.AppCatalog.Command;
import org.xwgrid.dispatcher.app.AppCatalog.Event;
import org.xwgrid.dispatcher.app.AppCatalog.Registered;
import org.xwgrid.dispatcher.app.AppCatalog.State;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;

@ExtendWith(LogCapturingExtension.class)
class AppCatalogTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("AppCatalogTest");
  private static final DataRef ZIP = Samples.data("pi.zip");

  /** One catalog per system (its id is fixed); each kit starts from an empty journal. */
  private final EventSourcedBehaviorTestKit<Command, Event, State> kit =
      EventSourcedBehaviorTestKit.create(
          testKit.system(), AppCatalog.create(), EventSourcedBehaviorTestKit.enabledSerializationSettings());

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static AppRequest request(String name) {
    return new AppRequest(name, "2.0", "native", ZIP, List.of("bin/pi", "--samples"), null, "Monte Carlo pi");
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Registered>> register(AppRequest r, String owner) {
    return kit.<StatusReply<Registered>>runCommand(reply -> new AppCatalog.Register(r, owner, reply));
  }

  private Problem refused(AppRequest r) {
    var result = register(r, "alice");
    assertTrue(result.hasNoEvents());
    assertFalse(result.reply().isSuccess(), () -> "accepted " + r);
    return Problem.of(result.reply().getError());
  }

  @Test
  void shouldRegisterAnAppWithItsDefaults() {
    var result = register(new AppRequest("pi", " ", null, ZIP, List.of("bin/pi"), null, null), "alice");
    Registered reg = result.reply().getValue();
    assertTrue(reg.created());
    AppView app = reg.app();
    assertEquals("pi", app.name());
    assertEquals("0", app.version());
    assertEquals("native", app.kind());
    assertEquals(ZIP, app.archive());
    assertEquals(List.of("bin/pi"), app.entrypoint());
    assertEquals(Requirements.ANY, app.requirements());
    assertEquals("", app.description());
    assertEquals("alice", app.owner());
    assertEquals(new AppCatalog.AppRegistered(app), result.event());
    assertEquals(app, result.state().apps().get("pi"));
  }

  @Test
  void shouldGetARegisteredAppAndAnswer404ForOthers() {
    AppView app = register(request("pi"), "alice").reply().getValue().app();
    assertEquals(StatusReply.success(app), kit.<StatusReply<AppView>>runCommand(r -> new AppCatalog.Get("pi", r)).reply());
    var missing = kit.<StatusReply<AppView>>runCommand(r -> new AppCatalog.Get("nope", r)).reply();
    assertEquals("404 unknown app 'nope'", missing.getError().getMessage());
  }

  @Test
  void shouldAnswerNotCreatedWhenTheIdenticalAppIsRegisteredAgain() {
    AppView first = register(request("pi"), "alice").reply().getValue().app();
    var again = register(request("pi"), "alice");
    assertTrue(again.hasNoEvents());
    assertEquals(new Registered(first, false), again.reply().getValue());
  }

  @Test
  void shouldRefuseADifferentAppUnderATakenNameWith409() {
    register(request("pi"), "alice");
    List<AppRequest> different =
        List.of(
            new AppRequest("pi", "2.1", "native", ZIP, List.of("bin/pi", "--samples"), null, null),
            new AppRequest("pi", "2.0", "native", Samples.data("pi2.zip"), List.of("bin/pi", "--samples"), null, null),
            new AppRequest("pi", "2.0", "native", ZIP, List.of("bin/pi"), null, null),
            new AppRequest("pi", "2.0", "native", ZIP, List.of("bin/pi", "--samples"), new Requirements("linux", null, 0, 0, null), null));
    for (AppRequest r : different) {
      Problem p = refused(r);
      assertEquals(409, p.status(), r::toString);
      assertEquals("app 'pi' is registered already, differently", p.getMessage());
    }
    var otherOwner = register(request("pi"), "bob");
    assertEquals(409, Problem.of(otherOwner.reply().getError()).status());
  }

  @Test
  void shouldRefuseBadNamesWith400() {
    for (String name : Arrays.asList(null, "", "Pi", "-pi", "_pi", "p i", "pi/..", "a".repeat(33), "pi.v2")) {
      Problem p = refused(request(name));
      assertEquals(400, p.status(), name);
      assertTrue(p.getMessage().startsWith("app name '" + name + "' is not valid"), p.getMessage());
    }
    assertTrue(register(request("a".repeat(32)), "alice").reply().isSuccess());
    assertTrue(register(request("0-pi_2"), "alice").reply().isSuccess());
  }

  @Test
  void shouldRefuseAMissingOrEmptyEntrypointWith400() {
    for (List<String> e :
        Arrays.asList(null, List.<String>of(), List.of(""), Arrays.asList("bin/pi", null), List.of("x".repeat(1025)),
            java.util.Collections.nCopies(65, "a"))) {
      Problem p = refused(new AppRequest("pi", "1", "native", ZIP, e, null, null));
      assertEquals(400, p.status());
      assertEquals("entrypoint must be 1-64 non-empty strings", p.getMessage());
    }
  }

  @Test
  void shouldRefuseUnsupportedKindsWith400() {
    Problem p = refused(new AppRequest("pi", "1", "vm", ZIP, List.of("run"), null, null));
    assertEquals(400, p.status());
    assertEquals("app kind 'vm' is not supported (native or docker)", p.getMessage());
  }

  @Test
  void shouldAcceptADockerAppThatOnlyDockerWorkersMatch() {
    AppView v = AppCatalog.validate(
        new AppRequest("cartoon", "1", "docker", ZIP, null, null, null, "xwgrid/cartoon:1.0.0"), "alice");
    assertEquals("docker", v.kind());
    assertEquals("xwgrid/cartoon:1.0.0", v.image());
    assertEquals(List.of(), v.entrypoint(), "an empty entrypoint: the image's own takes the arguments");
    assertEquals(List.of("docker"), v.requirements().tags());
    assertEquals("linux", v.requirements().os());
    assertFalse(v.requirements().matches(new Capabilities("linux", "amd64", 4, 8192, List.of())));
    assertTrue(v.requirements().matches(new Capabilities("linux", "amd64", 4, 8192, List.of("docker"))));
  }

  @Test
  void shouldRefuseADockerAppWithoutATaggedImageWith400() {
    for (String image : java.util.Arrays.asList(null, "cartoon", "Xwgrid/cartoon:1", "registry:5000/cartoon:1", "cartoon:", "a b:1")) {
      Problem p = refused(new AppRequest("cartoon", "1", "docker", ZIP, null, null, null, image));
      assertEquals(400, p.status(), String.valueOf(image));
      assertTrue(p.getMessage().startsWith("a docker app needs an image name with a tag"), p.getMessage());
    }
    assertEquals(
        "image applies to docker apps only",
        refused(new AppRequest("pi", "1", "native", ZIP, List.of("run"), null, null, "xwgrid/pi:1")).getMessage());
  }

  @Test
  void shouldRefuseOtherInvalidFieldsWith400() {
    assertEquals("missing body", refused(null).getMessage());
    assertEquals(400, refused(new AppRequest("pi", "1", "native", null, List.of("run"), null, null)).status());
    assertEquals(400, refused(new AppRequest("pi", "1", "native", new DataRef("ABC", 1, "a.zip"), List.of("run"), null, null)).status());
    assertEquals(400, refused(new AppRequest("pi", "1", "native", new DataRef(ZIP.sha256(), -1, "a.zip"), List.of("run"), null, null)).status());
    assertEquals(400, refused(new AppRequest("pi", "v".repeat(65), "native", ZIP, List.of("run"), null, null)).status());
    assertEquals(400, refused(new AppRequest("pi", "1", "native", ZIP, List.of("run"), null, "d".repeat(2001))).status());
  }

  @Test
  void shouldListAppsByName() {
    register(request("zeta"), "alice");
    register(request("alpha"), "bob");
    register(request("mid"), "alice");
    AppList list = kit.<AppList>runCommand(AppCatalog.ListApps::new).reply();
    assertEquals(List.of("alpha", "mid", "zeta"), list.apps().stream().map(AppView::name).toList());
  }

  @Test
  void shouldRecoverItsAppsWhenRestarted() {
    register(request("pi"), "alice");
    register(request("mandelbrot"), "alice");
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
  }
}
