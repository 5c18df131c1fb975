-- What the collector's privacy settings left of each request: the cookieless visitor id,
-- the automation verdict (null for a person), the privacy signals sent (gpc, dnt; comma
-- separated, null for none). Standard SQL: H2 and PostgreSQL.
ALTER TABLE delivery ADD COLUMN visitor_id VARCHAR(64);
ALTER TABLE delivery ADD COLUMN automation VARCHAR(32);
ALTER TABLE delivery ADD COLUMN privacy_signals VARCHAR(32);
