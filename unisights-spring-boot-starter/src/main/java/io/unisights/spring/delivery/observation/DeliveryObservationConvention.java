package io.unisights.spring.delivery.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code unisights.delivery} observation. Declare a bean of this type to
 * replace {@link DefaultDeliveryObservationConvention}; keep tags low-cardinality.
 */
public interface DeliveryObservationConvention extends ObservationConvention<DeliveryObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DeliveryObservationContext;
	}

}
