package io.unisights.spring.delivery.jdbc;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Tells Boot that {@link JdbcStoreSchemaInitializer} initialises the database, so that the
 * beans that need an initialised database (JPA's entity manager factory, a
 * {@code JdbcTemplate}, the store) are created after it, and orders it after the
 * initialisers whose tables the host may build on: Flyway and Liquibase (order 0) and
 * Boot's {@code spring.sql.init} scripts ({@code LOWEST_PRECEDENCE - 100}). Registered in
 * {@code META-INF/spring.factories}.
 */
final class JdbcStoreDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(JdbcStoreSchemaInitializer.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 50;
	}

}
