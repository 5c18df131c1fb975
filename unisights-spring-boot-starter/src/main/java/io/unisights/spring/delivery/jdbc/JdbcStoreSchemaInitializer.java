package io.unisights.spring.delivery.jdbc;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.unisights.spring.delivery.DeliveryProperties.InitializeSchema;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Creates the store's tables with its dialect's script, and the {@link JdbcStoreTables}
 * other features keep beside them, when {@code unisights.delivery.jdbc.initialize-schema}
 * asks for it: {@code embedded} on a database inside the JVM, {@code always} on any,
 * {@code never} leaves them to the host's migrations. The scripts use
 * {@code CREATE … IF NOT EXISTS}, so running them on every start is harmless.
 * <p>
 * A bean of its own, found by {@link JdbcStoreDatabaseInitializerDetector}: Boot runs it
 * after Flyway, Liquibase and {@code spring.sql.init}, and before the beans that depend
 * on the database being initialised (JPA, {@code JdbcTemplate}s, the store).
 */
final class JdbcStoreSchemaInitializer implements InitializingBean {

	private final DataSource dataSource;

	private final JdbcDialect dialect;

	private final InitializeSchema mode;

	private final Duration timeout;

	private final List<JdbcStoreTables> tables;

	private final boolean storeTables;

	JdbcStoreSchemaInitializer(DataSource dataSource, JdbcDialect dialect, InitializeSchema mode, Duration timeout) {
		this(dataSource, dialect, mode, timeout, List.of(), true);
	}

	/**
	 * Creates the initializer.
	 * @param tables the tables of other features
	 * @param storeTables whether the store's own tables are created too
	 */
	JdbcStoreSchemaInitializer(DataSource dataSource, JdbcDialect dialect, InitializeSchema mode, Duration timeout,
			List<JdbcStoreTables> tables, boolean storeTables) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.mode = mode;
		this.timeout = timeout;
		this.tables = List.copyOf(tables);
		this.storeTables = storeTables;
	}

	@Override
	public void afterPropertiesSet() {
		if (!creates()) {
			return;
		}
		List<Resource> scripts = new ArrayList<>();
		if (this.storeTables) {
			scripts.add(this.dialect.schema());
		}
		for (JdbcStoreTables feature : this.tables) {
			scripts.add(this.dialect.schema(feature.scripts()));
		}
		BoundedOpen.within(this.timeout, "creating the delivery store's tables", () -> {
			new ResourceDatabasePopulator(scripts.toArray(Resource[]::new)).execute(this.dataSource);
			return null;
		});
	}

	/**
	 * Whether this initializer creates the tables on its database.
	 * @return {@code false} for {@code never}, and for {@code embedded} on a server
	 */
	boolean creates() {
		return switch (this.mode) {
			case NEVER -> false;
			case EMBEDDED -> this.dialect.embedded();
			case ALWAYS -> true;
		};
	}

	static String productName(DataSource dataSource, Duration timeout) {
		return BoundedOpen.within(timeout, "reading what database the DataSource is",
				() -> JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
	}

}
