package io.sinal.apps.uploads;

/** One file of one batch. */
record FileRef(String batch, int file) {
  String channel() {
    return UploadsApp.NAMESPACE + ":" + batch;
  }

  @Override
  public String toString() {
    return batch + "/" + file;
  }
}
