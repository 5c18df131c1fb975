package io.unisights.spring.ingest;

import java.time.Clock;

import io.unisights.ingest.EventTypes;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.UnisightsProperties;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DuplicateFilter;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.delivery.KeyWindow;
import io.unisights.spring.delivery.KeyWindows;
import io.unisights.spring.web.EndpointFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the server-to-server ingestion endpoint
 * ({@code POST unisights.ingest.path}), switched on by setting at least one
 * {@code unisights.ingest.secrets} or {@code unisights.ingest.public-keys} entry: an
 * endpoint that verifies nothing is never exposed.
 */
@AutoConfiguration(after = { UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@Conditional(OnIngestKeysCondition.class)
@EnableConfigurationProperties({ UnisightsProperties.class, IngestProperties.class })
public final class IngestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookSignature unisightsIngestSignature(IngestProperties properties, ObjectProvider<Clock> clock) {
		return WebhookSignature.builder()
			.secrets(properties.secrets().stream().filter((secret) -> !secret.isBlank()).toList())
			.publicKeys(properties.publicKeys().stream().filter((key) -> !key.isBlank()).toList())
			.tolerance(properties.tolerance())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	EventTypes unisightsIngestEventTypes(IngestProperties properties) {
		return EventTypes.canonical().with(properties.extraTypes());
	}

	@Bean
	@ConditionalOnMissingBean
	IngestDeliveryRestorer unisightsIngestDeliveryRestorer() {
		return new IngestDeliveryRestorer();
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsIngestEndpointFilter")
	FilterRegistrationBean<EndpointFilter> unisightsIngestEndpointFilter(IngestProperties properties,
			UnisightsProperties unisights, ObjectProvider<DispatcherServletPath> dispatcherServletPath) {
		return EndpointFilter.readingBodies(properties.maxPayloadSize(), unisights.bodyTimeout())
			.registration(dispatcherServletPath.getIfAvailable(), properties.path());
	}

	@Bean
	@ConditionalOnMissingBean
	IngestController ingestController(IngestProperties properties, WebhookSignature signature,
			EventTypes eventTypes, EventDispatcher eventDispatcher, ObjectProvider<DuplicateFilter> duplicates,
			ObjectProvider<KeyWindows> windows, ObjectProvider<Clock> clock) {
		Clock resolved = clock.getIfUnique(Clock::systemUTC);
		KeyWindows factory = windows.getIfUnique(
				() -> (window, maxEntries) -> KeyWindow.inMemory(window, maxEntries, resolved));
		return new IngestController(signature, eventTypes, properties.allowUnknownTypes(),
				properties.window(factory), DuplicateFilter.guard(eventDispatcher, duplicates.getIfUnique()),
				properties.maxBatchSize(), properties.maxPayloadSize(), resolved);
	}

}
