package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.unisights.spring.delivery.DeliveryProperties;

/**
 * Tables a feature keeps beside the jdbc delivery store's (the visitor salts, for one),
 * created by the store's own schema initializer, with the store's dialects and under
 * {@code unisights.delivery.jdbc.initialize-schema}: declare one as a bean. Each
 * database's script lies in the package of {@code scripts}, named as the store's are
 * ({@code schema-h2.sql}, {@code schema-postgresql.sql}) and written with
 * {@code CREATE … IF NOT EXISTS}.
 *
 * @param scripts a class in the package that holds the scripts
 */
public record JdbcStoreTables(Class<?> scripts) {

	/**
	 * Creates the tables now, as the store's initializer does when it starts, on a database
	 * the store is not started on (a tool's, a test's).
	 * @param dataSource the database
	 * @param mode when to create them
	 * @param timeout longest wait for the database
	 */
	public void initialize(DataSource dataSource, DeliveryProperties.InitializeSchema mode, Duration timeout) {
		JdbcDialect dialect = JdbcDialect.of(JdbcStoreSchemaInitializer.productName(dataSource, timeout));
		new JdbcStoreSchemaInitializer(dataSource, dialect, mode, timeout, List.of(this), false)
			.afterPropertiesSet();
	}

}
