package io.sinal.apps.chat;

import io.sinal.store.TestStore;

class ChatRepositoryPostgresTest extends ChatRepositoryContract {
  @Override
  protected TestStore open() {
    return TestStore.postgres();
  }
}
