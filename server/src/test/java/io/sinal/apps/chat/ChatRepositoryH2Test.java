package io.sinal.apps.chat;

import io.sinal.store.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class ChatRepositoryH2Test extends ChatRepositoryContract {
  @TempDir Path dir;

  @Override
  protected TestStore open() {
    return TestStore.h2(dir);
  }
}
