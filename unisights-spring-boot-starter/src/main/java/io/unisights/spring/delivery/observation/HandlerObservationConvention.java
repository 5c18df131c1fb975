package io.unisights.spring.delivery.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code unisights.handler} observation. Declare a bean of this type to
 * replace {@link DefaultHandlerObservationConvention}; keep tags low-cardinality.
 */
public interface HandlerObservationConvention extends ObservationConvention<HandlerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof HandlerObservationContext;
	}

}
