package io.unisights.spring.privacy;

import javax.sql.DataSource;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.jdbc.JdbcStoreTables;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration of what the collector keeps of each client
 * ({@code unisights.privacy.*}, {@code unisights.beacon.automation}): the
 * {@link RequestContextResolver} the beacon, open and click endpoints build their
 * request contexts with, its {@link UserAgentClassifier}, and the {@link VisitorSaltStore}
 * (in memory, or beside the jdbc delivery store's tables when that store is used).
 */
@AutoConfiguration(after = { UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		beforeName = { "io.unisights.spring.beacon.BeaconCollectorAutoConfiguration",
				"io.unisights.spring.tracking.TrackingAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ PrivacyProperties.class, BeaconTrafficProperties.class, DeliveryProperties.class })
public final class PrivacyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "unisights.privacy.user-agent.enabled", matchIfMissing = true)
	UserAgentClassifier unisightsUserAgentClassifier(PrivacyProperties properties) {
		return UserAgentClassifier.create(properties.userAgent().cacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	RequestContextResolver unisightsRequestContextResolver(PrivacyProperties properties,
			BeaconTrafficProperties beacon, DeliveryProperties delivery, ObjectProvider<UserAgentClassifier> classifier,
			ObjectProvider<VisitorSaltStore> salts) {
		DispatchResult dropped = (delivery.mode() == DeliveryProperties.Mode.ASYNC) ? DispatchResult.QUEUED
				: DispatchResult.DELIVERED;
		return new RequestContextResolver(properties, beacon.automation(), classifier.getIfUnique(),
				salts.getIfUnique(MemoryVisitorSaltStore::new), dropped);
	}

	/**
	 * The salts beside the jdbc delivery store's tables, so that every instance on the
	 * database computes the same visitor ids.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@Conditional(OnJdbcDeliveryStoreCondition.class)
	static class JdbcSaltConfiguration {

		@Bean
		JdbcStoreTables unisightsVisitorSaltTables() {
			return PrivacySchema.VISITOR_SALTS;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(DataSource.class)
		@DependsOnDatabaseInitialization
		VisitorSaltStore unisightsVisitorSaltStore(DataSource dataSource) {
			// Created once the store's initializer made the table.
			return new JdbcVisitorSaltStore(dataSource);
		}

	}

	static final class OnJdbcDeliveryStoreCondition extends AllNestedConditions {

		OnJdbcDeliveryStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
		static class AsyncDelivery {

		}

		@ConditionalOnProperty(name = "unisights.delivery.store", havingValue = "jdbc")
		static class JdbcStore {

		}

	}

}
