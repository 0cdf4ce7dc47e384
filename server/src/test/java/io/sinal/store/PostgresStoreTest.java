package io.sinal.store;

class PostgresStoreTest extends StoreContract {
  @Override
  protected TestStore open() {
    return TestStore.postgres();
  }
}
