-- A client's own id for a chat message (apps/chat), so that a send retried after a lost answer is
-- stored once. Optional: NULL for clients that send none, and NULLs never collide in a unique index.
ALTER TABLE chat_message ADD COLUMN client_id VARCHAR(64);
CREATE UNIQUE INDEX chat_message_client ON chat_message (room, author_id, client_id);
