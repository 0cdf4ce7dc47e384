package io.sinal.apps.pix;

import io.sinal.store.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class PixRepositoryH2Test extends PixRepositoryContract {
  @TempDir Path dir;

  @Override
  protected TestStore open() {
    return TestStore.h2(dir);
  }
}
