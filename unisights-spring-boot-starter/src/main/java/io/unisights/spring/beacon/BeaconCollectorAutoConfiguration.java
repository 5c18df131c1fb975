package io.unisights.spring.beacon;

import java.time.Clock;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.UnisightsProperties;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DuplicateFilter;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.privacy.PrivacyAutoConfiguration;
import io.unisights.spring.privacy.RequestContextResolver;
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

/**
 * Auto-configuration of the beacon endpoint ({@code POST unisights.collect.path}), its
 * decoder, and the {@link EndpointFilter} in front of it, which reads its bodies and
 * applies its CORS policy.
 */
@AutoConfiguration(
		after = { UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class, PrivacyAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ UnisightsProperties.class, CollectProperties.class })
public final class BeaconCollectorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BeaconDecoder beaconDecoder(CollectProperties properties) {
		return BeaconDecoder.builder()
			.serverSecret(properties.serverSecret())
			.validateSchema(properties.validateSchema())
			.validateRequiredFields(properties.validateRequiredFields())
			.maxBucketAge(properties.maxBucketAge())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	BeaconController beaconController(BeaconDecoder beaconDecoder, EventDispatcher eventDispatcher,
			CollectProperties properties, ObjectProvider<Clock> clock, ObjectProvider<RequestContextResolver> contexts,
			ObjectProvider<DuplicateFilter> duplicates) {
		// An application's own dispatcher keeps the duplicate suppression too.
		return new BeaconController(beaconDecoder, DuplicateFilter.guard(eventDispatcher, duplicates.getIfUnique()),
				properties.maxPayloadSize(), clock.getIfUnique(Clock::systemUTC), contexts.getIfUnique(RequestContextResolver::keepingEverything));
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsBeaconEndpointFilter")
	FilterRegistrationBean<EndpointFilter> unisightsBeaconEndpointFilter(CollectProperties properties,
			UnisightsProperties unisights, ObjectProvider<DispatcherServletPath> dispatcherServletPath) {
		return EndpointFilter.readingBodies(properties.maxPayloadSize(), unisights.bodyTimeout())
			.withCors(unisights.cors().toCorsConfiguration())
			.registration(dispatcherServletPath.getIfAvailable(), properties.path());
	}

}
