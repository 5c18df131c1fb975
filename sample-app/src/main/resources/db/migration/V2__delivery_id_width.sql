-- Delivery ids of server events are the sender's event ids, up to 255 characters
-- (unisights.ingest); 64 refused every longer one. Standard SQL: H2 and PostgreSQL.
ALTER TABLE delivery ALTER COLUMN id SET DATA TYPE VARCHAR(255);
