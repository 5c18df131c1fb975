package io.unisights.spring;

import io.unisights.spring.web.UnisightsExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of what every endpoint of the collector shares: the settings under
 * {@code unisights.*} and the problem responses of its controllers.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UnisightsProperties.class)
public final class UnisightsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UnisightsExceptionHandler unisightsExceptionHandler(UnisightsProperties properties) {
		return new UnisightsExceptionHandler(properties.debug());
	}

}
