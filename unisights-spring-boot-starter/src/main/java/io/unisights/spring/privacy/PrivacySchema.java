package io.unisights.spring.privacy;

import io.unisights.spring.delivery.jdbc.JdbcStoreTables;

/**
 * The visitor-salt table, kept beside the jdbc delivery store's tables and created by the
 * store's schema initializer as its own are ({@code unisights.delivery.jdbc.initialize-schema}),
 * from the scripts shipped for each database ({@code io/unisights/spring/privacy/schema-*.sql},
 * {@code CREATE TABLE IF NOT EXISTS}).
 */
final class PrivacySchema {

	/** The table, as the store's initializer creates it. */
	static final JdbcStoreTables VISITOR_SALTS = new JdbcStoreTables(PrivacySchema.class);

	private PrivacySchema() {
	}

}
