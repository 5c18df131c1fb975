package io.unisights.spring.delivery.jdbc;

import java.time.Clock;

import javax.sql.DataSource;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.DeliveryStoreUnavailableException;
import io.unisights.spring.delivery.KeyWindow;
import io.unisights.spring.delivery.KeyWindows;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration of the database delivery store ({@code unisights.delivery.mode=async}
 * with {@code unisights.delivery.store=jdbc}, Spring JDBC on the classpath): its
 * repository on the application's {@link DataSource}, the initialiser of its tables and
 * of the {@link JdbcStoreTables} other features keep beside them (ordered among Flyway, Liquibase and {@code spring.sql.init} by
 * {@link JdbcStoreDatabaseInitializerDetector}), the store, and the duplicate windows in
 * its table. Runs before {@link DeliveryAutoConfiguration}, whose dispatcher takes the
 * store and whose in-memory windows back off.
 */
@AutoConfiguration(before = DeliveryAutoConfiguration.class, after = UnisightsAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
@ConditionalOnProperty(name = "unisights.delivery.store", havingValue = "jdbc")
@EnableConfigurationProperties(DeliveryProperties.class)
public final class JdbcDeliveryStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JdbcDeliveryRepository unisightsJdbcDeliveryRepository(ObjectProvider<DataSource> dataSource,
			DeliveryProperties properties) {
		return JdbcDeliveryRepository.connect(dataSource(dataSource), properties.jdbc());
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcStoreSchemaInitializer unisightsJdbcStoreSchemaInitializer(ObjectProvider<DataSource> dataSource,
			JdbcDeliveryRepository repository, DeliveryProperties properties, ObjectProvider<JdbcStoreTables> tables) {
		return new JdbcStoreSchemaInitializer(dataSource(dataSource), repository.dialect(),
				properties.jdbc().initializeSchema(), properties.jdbc().openTimeout(), tables.orderedStream().toList(),
				true);
	}

	@Bean
	@ConditionalOnMissingBean(DeliveryStore.class)
	@DependsOnDatabaseInitialization
	JdbcDeliveryStore unisightsJdbcDeliveryStore(JdbcDeliveryRepository repository,
			JdbcStoreSchemaInitializer schema, DeliveryProperties properties) {
		// The initializer is a parameter so that the tables exist first even where Boot's
		// initialisation ordering is absent.
		return new JdbcDeliveryStore(repository, properties.jdbc(), properties.retryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	KeyWindows unisightsKeyWindows(ObjectProvider<DeliveryStore> store, ObjectProvider<Clock> clock) {
		// Resolved when a window is made: a host's own store keeps the windows in memory.
		return (window, maxEntries) -> (store.getIfUnique() instanceof JdbcDeliveryStore jdbc)
				? new JdbcKeyWindow(jdbc, window)
				: KeyWindow.inMemory(window, maxEntries, clock.getIfUnique(Clock::systemUTC));
	}

	private static DataSource dataSource(ObjectProvider<DataSource> dataSource) {
		DataSource resolved = dataSource.getIfUnique();
		if (resolved == null) {
			throw new DeliveryStoreUnavailableException(
					"unisights.delivery.store=jdbc needs a DataSource, and the application has none",
					"Add spring-boot-starter-jdbc and a JDBC driver (for example com.h2database:h2 or "
							+ "org.postgresql:postgresql), and configure spring.datasource.url; or set "
							+ "unisights.delivery.store=memory to keep accepted items in memory.",
					null);
		}
		return resolved;
	}

}
