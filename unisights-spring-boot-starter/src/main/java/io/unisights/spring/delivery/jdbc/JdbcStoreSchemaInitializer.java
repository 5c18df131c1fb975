package io.unisights.spring.delivery.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import io.unisights.spring.delivery.DeliveryProperties.InitializeSchema;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the store's tables with its dialect's script when
 * {@code unisights.delivery.jdbc.initialize-schema} asks for it: {@code embedded} on a
 * database inside the JVM, {@code always} on any, {@code never} leaves them to the host's
 * migrations. The scripts use {@code CREATE … IF NOT EXISTS}, so running them on every
 * start is harmless.
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

	JdbcStoreSchemaInitializer(DataSource dataSource, JdbcDialect dialect, InitializeSchema mode, Duration timeout) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.mode = mode;
		this.timeout = timeout;
	}

	@Override
	public void afterPropertiesSet() {
		if (!creates()) {
			return;
		}
		BoundedOpen.within(this.timeout, "creating the delivery store's tables", () -> {
			new ResourceDatabasePopulator(this.dialect.schema()).execute(this.dataSource);
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

}
