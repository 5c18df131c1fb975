package io.unisights.spring.delivery.observation;

import io.micrometer.common.KeyValues;

import io.unisights.spring.delivery.observation.DeliveryObservationDocumentation.DeliveryKeyNames;

/**
 * The default {@link DeliveryObservationConvention}: name {@code unisights.delivery},
 * contextual name {@code deliver <channel>}, tags {@code channel} and {@code outcome}.
 */
public class DefaultDeliveryObservationConvention implements DeliveryObservationConvention {

	/** The shared instance. */
	public static final DefaultDeliveryObservationConvention INSTANCE = new DefaultDeliveryObservationConvention();

	/** Value of {@code outcome} when every handler completed. */
	public static final String DELIVERED = "delivered";

	/** Value of {@code outcome} when the attempts ended without every handler completing. */
	public static final String FAILED = "failed";

	/** Value of {@code outcome} while the delivery is in progress. */
	public static final String UNKNOWN = "unknown";

	/**
	 * Creates the convention; subclass to change a part of it.
	 */
	protected DefaultDeliveryObservationConvention() {
	}

	@Override
	public String getName() {
		return "unisights.delivery";
	}

	@Override
	public String getContextualName(DeliveryObservationContext context) {
		return "deliver " + context.getDelivery().channel().wireName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DeliveryObservationContext context) {
		Boolean delivered = context.getDelivered();
		String outcome = (delivered == null) ? UNKNOWN : (delivered ? DELIVERED : FAILED);
		return KeyValues.of(DeliveryKeyNames.CHANNEL.withValue(context.getDelivery().channel().wireName()),
				DeliveryKeyNames.OUTCOME.withValue(outcome));
	}

}
