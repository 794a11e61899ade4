package org.xwgrid.dispatcher.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.dispatcher.account.AccountEntity.Command;
import org.xwgrid.dispatcher.account.AccountEntity.Done;
import org.xwgrid.dispatcher.account.AccountEntity.Event;
import org.xwgrid.dispatcher.account.AccountEntity.State;
import org.xwgrid.dispatcher.testing.TestingActorSystem;

@ExtendWith(LogCapturingExtension.class)
class AccountEntityTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("AccountEntityTest");
  private static final AtomicInteger ids = new AtomicInteger();

  private final String user = "user" + ids.incrementAndGet();
  private final String token = Tokens.newUserToken(user);
  private final EventSourcedBehaviorTestKit<Command, Event, State> kit =
      EventSourcedBehaviorTestKit.create(
          testKit.system(), AccountEntity.create(user), EventSourcedBehaviorTestKit.enabledSerializationSettings());

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> create(Role role, String tokenHash) {
    return kit.<StatusReply<Done>>runCommand(r -> new AccountEntity.Create(role, tokenHash, r));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> upsert(Role role, String tokenHash) {
    return kit.<StatusReply<Done>>runCommand(r -> new AccountEntity.Upsert(role, tokenHash, r));
  }

  private Optional<Role> verify(String tokenHash) {
    return kit.<AccountEntity.Verified>runCommand(r -> new AccountEntity.Verify(tokenHash, r)).reply().role();
  }

  @Test
  void shouldCreateAUserWithItsRoleAndTokenHash() {
    var result = create(Role.STANDARD, Tokens.hash(token));
    assertEquals(StatusReply.success(Done.INSTANCE), result.reply());
    AccountEntity.UserCreated e = assertInstanceOf(AccountEntity.UserCreated.class, result.event());
    assertEquals(Role.STANDARD, e.role());
    assertEquals(Tokens.hash(token), e.tokenHash());
    assertEquals(new State(Role.STANDARD, Tokens.hash(token), List.of()), result.state());
  }

  @Test
  void shouldRefuseToCreateAnExistingUserWith409() {
    create(Role.STANDARD, Tokens.hash(token));
    var again = create(Role.ADMIN, Tokens.hash(Tokens.newUserToken(user)));
    assertTrue(again.hasNoEvents());
    assertEquals("409 user exists", again.reply().getError().getMessage());
    assertEquals(Optional.of(Role.STANDARD), verify(Tokens.hash(token)), "the first credentials stay");
  }

  @Test
  void shouldVerifyOnlyTheRightTokenOfAnExistingUser() {
    assertEquals(Optional.empty(), verify(Tokens.hash(token)), "no such user yet");
    create(Role.WORKER, Tokens.hash(token));
    assertEquals(Optional.of(Role.WORKER), verify(Tokens.hash(token)));
    assertEquals(Optional.empty(), verify(Tokens.hash(Tokens.newUserToken(user))));
    assertEquals(Optional.empty(), verify(""));
  }

  @Test
  void shouldCreateOrReplaceCredentialsWhenUpserted() {
    var created = upsert(Role.ADMIN, Tokens.hash(token));
    assertInstanceOf(AccountEntity.UserCreated.class, created.event());
    assertTrue(created.reply().isSuccess());

    var same = upsert(Role.ADMIN, Tokens.hash(token));
    assertTrue(same.hasNoEvents(), "nothing changes");
    assertTrue(same.reply().isSuccess());

    String newToken = Tokens.newUserToken(user);
    var replaced = upsert(Role.ADMIN, Tokens.hash(newToken));
    AccountEntity.CredentialsReplaced e = assertInstanceOf(AccountEntity.CredentialsReplaced.class, replaced.event());
    assertEquals(Tokens.hash(newToken), e.tokenHash());
    assertEquals(Optional.empty(), verify(Tokens.hash(token)), "the old token no longer works");
    assertEquals(Optional.of(Role.ADMIN), verify(Tokens.hash(newToken)));

    var demoted = upsert(Role.STANDARD, Tokens.hash(newToken));
    assertInstanceOf(AccountEntity.CredentialsReplaced.class, demoted.event());
    assertEquals(Optional.of(Role.STANDARD), verify(Tokens.hash(newToken)));
  }

  @Test
  void shouldKeepTheJobIdsOfAUserOnceInOrder() {
    var unknown = kit.<StatusReply<Done>>runCommand(r -> new AccountEntity.AddJob("j0", r));
    assertEquals("404 no such user", unknown.reply().getError().getMessage());
    assertTrue(unknown.hasNoEvents());

    create(Role.STANDARD, Tokens.hash(token));
    for (String id : List.of("j1", "j2", "j1", "j3")) {
      var added = kit.<StatusReply<Done>>runCommand(r -> new AccountEntity.AddJob(id, r));
      assertTrue(added.reply().isSuccess());
    }
    assertEquals(
        List.of("j1", "j2", "j3"), kit.<AccountEntity.JobIds>runCommand(AccountEntity.GetJobs::new).reply().jobIds());
    assertEquals(4, kit.persistenceTestKit().persistedInStorage("Account|" + user).size(), "no event for a known job");
  }

  @Test
  void shouldListNoJobsOfAnUnknownUser() {
    assertEquals(List.of(), kit.<AccountEntity.JobIds>runCommand(AccountEntity.GetJobs::new).reply().jobIds());
  }

  @Test
  void shouldRecoverItsStateWhenRestarted() {
    create(Role.STANDARD, Tokens.hash(token));
    kit.<StatusReply<Done>>runCommand(r -> new AccountEntity.AddJob("j1", r));
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
    assertEquals(Optional.of(Role.STANDARD), verify(Tokens.hash(token)));
  }

  @Test
  void shouldParseRolesAndRefuseUnknownOnesWith400() {
    assertEquals(Role.STANDARD, Role.parse(null));
    assertEquals(Role.ADMIN, Role.parse("Admin"));
    assertEquals(Role.WORKER, Role.parse("worker"));
    assertEquals("standard", Role.STANDARD.label());
    var p = org.junit.jupiter.api.Assertions.assertThrows(org.xwgrid.dispatcher.Problem.class, () -> Role.parse("root"));
    assertEquals(400, p.status());
  }
}
