-- The retention sweep (apps/chat/MessageRetention) deletes the oldest messages every minute.
CREATE INDEX chat_message_created ON chat_message (created_at);
