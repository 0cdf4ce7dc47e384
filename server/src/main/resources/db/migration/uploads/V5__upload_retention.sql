-- The retention sweep (apps/uploads/Retention) asks for the oldest batches every minute.
CREATE INDEX upload_batch_created ON upload_batch (created_at);
