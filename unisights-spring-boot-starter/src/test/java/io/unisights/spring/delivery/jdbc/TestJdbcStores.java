package io.unisights.spring.delivery.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStore;

import org.springframework.util.unit.DataSize;

/**
 * The jdbc store for tests of the delivery package, which cannot reach its package-private
 * types: a store on a database whose tables are created, not yet opened.
 */
public final class TestJdbcStores {

	private TestJdbcStores() {
	}

	/**
	 * A store on the given database with a lease of 30 s and room for 1,000 rows.
	 * @param dataSource the database
	 * @return the store, not opened
	 */
	public static DeliveryStore store(DataSource dataSource) {
		return JdbcDeliveryStoreTests.store(dataSource, settings());
	}

	private static DeliveryProperties.Jdbc settings() {
		return JdbcDeliveryStoreTests.settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10));
	}

}
