-- Image uploads (apps/uploads). Portable SQL: this one file migrates embedded H2 and PostgreSQL.
CREATE TABLE upload_batch (
  -- 22 random letters and digits: knowing it is what lets one follow, download and cancel.
  id          VARCHAR(32)  NOT NULL PRIMARY KEY,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE upload_file (
  batch_id    VARCHAR(32)  NOT NULL REFERENCES upload_batch (id),
  -- 1, 2, … in the order of the request's parts.
  id          INTEGER      NOT NULL,
  -- The client's file name, for display only: files on disk are named by batch and id.
  name        VARCHAR(255) NOT NULL,
  bytes       BIGINT       NOT NULL,
  -- From the magic bytes: jpeg, png or gif; null when the content is not an image.
  format      VARCHAR(8),
  width       INTEGER,
  height      INTEGER,
  -- received, processing, done, failed or cancelled (docs/apps/uploads.md, "States").
  state       VARCHAR(16)  NOT NULL,
  reason_code VARCHAR(32),
  reason      VARCHAR(300),
  -- Set by a cancel while processing: the worker stops at its next step.
  cancel_requested BOOLEAN NOT NULL,
  -- Events recorded so far; the next one gets seq + 1. Every change is a conditional update of this
  -- row, so a worker's step and a cancel racing for one file are serialised by its row lock.
  seq         INTEGER      NOT NULL,
  changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (batch_id, id)
);

CREATE INDEX upload_file_state ON upload_file (state);

-- The outputs of a file, one row per variant written; deleted with the files when cancelled.
CREATE TABLE upload_variant (
  batch_id    VARCHAR(32)  NOT NULL,
  file_id     INTEGER      NOT NULL,
  name        VARCHAR(16)  NOT NULL,
  width       INTEGER      NOT NULL,
  height      INTEGER      NOT NULL,
  bytes       BIGINT       NOT NULL,
  PRIMARY KEY (batch_id, file_id, name),
  FOREIGN KEY (batch_id, file_id) REFERENCES upload_file (batch_id, id)
);

-- Every stage a file went through, as published on uploads:<batch>: what polling reads.
CREATE TABLE upload_event (
  batch_id    VARCHAR(32)  NOT NULL,
  file_id     INTEGER      NOT NULL,
  seq         INTEGER      NOT NULL,
  stage       VARCHAR(16)  NOT NULL,
  -- The event's JSON, exactly the data published.
  data        VARCHAR(2000) NOT NULL,
  PRIMARY KEY (batch_id, file_id, seq),
  FOREIGN KEY (batch_id, file_id) REFERENCES upload_file (batch_id, id)
);
