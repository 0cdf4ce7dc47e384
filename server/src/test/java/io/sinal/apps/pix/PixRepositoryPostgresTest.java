package io.sinal.apps.pix;

import io.sinal.store.TestStore;

class PixRepositoryPostgresTest extends PixRepositoryContract {
  @Override
  protected TestStore open() {
    return TestStore.postgres();
  }
}
