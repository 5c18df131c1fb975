-- The daily salts of visitor ids (unisights.privacy.visitor-id), kept beside the jdbc
-- delivery store's tables so that every instance on the database computes the same id.
-- One row per day (UTC, yyyy-mm-dd); rows older than yesterday are deleted.
CREATE TABLE IF NOT EXISTS unisights_visitor_salt (
	salt_day VARCHAR(10) PRIMARY KEY,
	salt BYTEA NOT NULL
);
