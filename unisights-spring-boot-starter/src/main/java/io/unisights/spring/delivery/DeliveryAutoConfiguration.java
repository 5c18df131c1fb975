package io.unisights.spring.delivery;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.spring.EventHandler;
import io.unisights.spring.UnisightsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link EventDispatcher} that carries accepted items to the
 * host's {@link EventHandler} beans.
 */
@AutoConfiguration(after = UnisightsAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
public final class DeliveryAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DeliveryAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	EventDispatcher unisightsEventDispatcher(ObjectProvider<EventHandler> handlers) {
		List<EventHandler> ordered = handlers.orderedStream().toList();
		if (ordered.isEmpty()) {
			logger.info("No EventHandler bean is registered: requests are acknowledged and their events discarded");
		}
		return new SynchronousEventDispatcher(ordered);
	}

}
