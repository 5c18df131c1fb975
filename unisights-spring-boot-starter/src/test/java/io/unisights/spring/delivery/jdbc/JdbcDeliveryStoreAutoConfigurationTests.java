package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.delivery.KeyWindows;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.privacy.PrivacyAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcDeliveryStoreAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class,
				JdbcDeliveryStoreAutoConfiguration.class));

	@Test
	void storesItemsInTheApplicationsDatabaseWhenTheJdbcStoreIsChosen() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
					"spring.datasource.url=jdbc:h2:mem:store-" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcDeliveryStore.class)
					.hasSingleBean(DeliveryStore.class)
					.hasSingleBean(JdbcStoreSchemaInitializer.class);
				assertThat(context.getBean(KeyWindows.class).create(Duration.ofMinutes(1), 10))
					.isInstanceOf(JdbcKeyWindow.class);
				// Created because H2 runs inside the JVM (initialize-schema=embedded).
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class)).isZero();
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery_window", Integer.class))
					.isZero();
			});
	}

	@Test
	void createsTheTablesOtherFeaturesKeepBesideTheStoresWithItsOwnInitializer() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PrivacyAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
					"unisights.privacy.user-agent.enabled=false",
					"spring.datasource.url=jdbc:h2:mem:salts-" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcStoreTables.class).hasSingleBean(JdbcStoreSchemaInitializer.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_visitor_salt", Integer.class)).isZero();
			});
	}

	@Test
	void leavesTheTablesToTheHostWhenToldNever() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
					"unisights.delivery.jdbc.initialize-schema=never",
					"spring.datasource.url=jdbc:h2:mem:never-" + UUID.randomUUID())
			.run((context) -> {
				// The store's start fails on the missing table: nothing created it.
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("UNISIGHTS_DELIVERY");
			});
	}

	@Test
	void createsItsTablesBeforeTheHostsJdbcTemplateIsUsed() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withUserConfiguration(EarlyTableReader.class)
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
					"spring.datasource.url=jdbc:h2:mem:early-" + UUID.randomUUID())
			// A JdbcTemplate depends on database initialisation: Boot creates it after the
			// store's initializer, which the detector registered in spring.factories names.
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(EarlyTableReader.Rows.class)
				.extracting(EarlyTableReader.Rows::count)
				.isEqualTo(0));
	}

	@Test
	void registersItsDatabaseInitializerDetectorWithBoot() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector.class))
			.hasAtLeastOneElementOfType(JdbcStoreDatabaseInitializerDetector.class);
		assertThat(new JdbcStoreDatabaseInitializerDetector().getOrder())
			.as("after spring.sql.init scripts (LOWEST_PRECEDENCE - 100), Flyway and Liquibase")
			.isGreaterThan(Integer.MAX_VALUE - 100);
	}

	@Test
	void backsOffWithoutAsynchronousDelivery() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.store=jdbc",
					"spring.datasource.url=jdbc:h2:mem:sync-" + UUID.randomUUID())
			.run((context) -> assertThat(context).hasSingleBean(EventDispatcher.class)
				.doesNotHaveBean(DeliveryStore.class)
				.doesNotHaveBean(JdbcStoreSchemaInitializer.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyTableReader {

		@Bean
		Rows rows(JdbcTemplate jdbc) {
			Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class);
			return new Rows((count != null) ? count : -1);
		}

		record Rows(int count) {

		}

	}

}
