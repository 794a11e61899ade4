package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.ReplicaRef;

class TaskFoldersTest {

  @Test
  void shouldNameAReplicaWithSafeCharactersOnly() {
    ReplicaRef uuid = new ReplicaRef("3f2a9c1e-7b4d-4e0a-9c61-0d5e8a7b6c21", 12, 2);
    assertEquals("3f2a9c1e-7b4d-4e0a-9c61-0d5e8a7b6c21-12-2", TaskFolders.nameOf(uuid));
    assertEquals(Optional.of(uuid), TaskFolders.replicaOf(TaskFolders.nameOf(uuid)));
    assertEquals("_.._etc_passwd-0-1", TaskFolders.nameOf(new ReplicaRef("../etc/passwd", 0, 1)));
    assertEquals("_.hidden-1-1", TaskFolders.nameOf(new ReplicaRef(".hidden", 1, 1)));
    assertEquals("a_b-3-1", TaskFolders.nameOf(new ReplicaRef("a b", 3, 1)));
  }
}
