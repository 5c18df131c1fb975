package io.unisights.spring.privacy;

import java.sql.DatabaseMetaData;
import java.util.Set;

import javax.sql.DataSource;

import io.unisights.spring.delivery.DeliveryProperties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Creates the visitor-salt table when the jdbc delivery store creates its own
 * ({@code unisights.delivery.jdbc.initialize-schema}), with the script shipped for the
 * database's kind ({@code io/unisights/spring/privacy/schema-*.sql},
 * {@code CREATE TABLE IF NOT EXISTS}).
 */
final class PrivacySchema {

	/** Product names of the databases that run inside the JVM. */
	private static final Set<String> EMBEDDED = Set.of("H2", "HSQL Database Engine", "Apache Derby");

	private PrivacySchema() {
	}

	static void initialize(DataSource dataSource, DeliveryProperties.InitializeSchema mode) {
		if (mode == DeliveryProperties.InitializeSchema.NEVER) {
			return;
		}
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not read the database's product name for the visitor salts", ex);
		}
		if (mode == DeliveryProperties.InitializeSchema.EMBEDDED && !EMBEDDED.contains(product)) {
			return;
		}
		String script = switch (product) {
			case "H2" -> "schema-h2.sql";
			case "PostgreSQL" -> "schema-postgresql.sql";
			default -> throw new IllegalStateException("unisights.delivery.jdbc.initialize-schema: there is no script for "
					+ product + "; create the table after io/unisights/spring/privacy/schema-postgresql.sql and set "
					+ "unisights.delivery.jdbc.initialize-schema=never");
		};
		new ResourceDatabasePopulator(new ClassPathResource(script, PrivacySchema.class)).execute(dataSource);
	}

}
