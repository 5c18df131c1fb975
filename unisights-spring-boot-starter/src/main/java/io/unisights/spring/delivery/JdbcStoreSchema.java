package io.unisights.spring.delivery;

import java.sql.DatabaseMetaData;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Creates the database store's tables with the script shipped for the database's kind,
 * when {@code unisights.delivery.jdbc.initialize-schema} asks for it. The scripts use
 * {@code CREATE … IF NOT EXISTS}, so running them on every start is harmless.
 */
final class JdbcStoreSchema {

	/** Product names of the databases that run inside the JVM. */
	private static final Set<String> EMBEDDED = Set.of("H2", "HSQL Database Engine", "Apache Derby");

	private JdbcStoreSchema() {
	}

	static void initialize(DataSource dataSource, DeliveryProperties.InitializeSchema mode) {
		if (mode == DeliveryProperties.InitializeSchema.NEVER) {
			return;
		}
		String product = productName(dataSource);
		if (mode == DeliveryProperties.InitializeSchema.EMBEDDED && !EMBEDDED.contains(product)) {
			return;
		}
		String script = switch (product) {
			case "H2" -> "schema-h2.sql";
			case "PostgreSQL" -> "schema-postgresql.sql";
			default -> throw new IllegalStateException("unisights.delivery.jdbc.initialize-schema: there is no script for "
					+ product + "; create the tables after io/unisights/spring/delivery/schema-postgresql.sql and set "
					+ "unisights.delivery.jdbc.initialize-schema=never");
		};
		new ResourceDatabasePopulator(new ClassPathResource(script, JdbcStoreSchema.class)).execute(dataSource);
	}

	static String productName(@Nullable DataSource dataSource) {
		if (dataSource == null) {
			throw new IllegalStateException("No DataSource");
		}
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not read the database's product name for the delivery store", ex);
		}
	}

}
