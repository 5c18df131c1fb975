package io.unisights.spring.delivery.observation;

import io.micrometer.common.KeyValues;

import io.unisights.spring.delivery.observation.DeliveryObservationDocumentation.HandlerKeyNames;

/**
 * The default {@link HandlerObservationConvention}: name {@code unisights.handler},
 * contextual name {@code <HandlerSimpleName> <channel>}, tags {@code channel},
 * {@code handler} (the handler's fully qualified class name) and {@code outcome}.
 */
public class DefaultHandlerObservationConvention implements HandlerObservationConvention {

	/** The shared instance. */
	public static final DefaultHandlerObservationConvention INSTANCE = new DefaultHandlerObservationConvention();

	/** Value of {@code outcome} when the handler returned. */
	public static final String SUCCESS = "success";

	/** Value of {@code outcome} when the handler threw. */
	public static final String FAILURE = "failure";

	/**
	 * Creates the convention; subclass to change a part of it.
	 */
	protected DefaultHandlerObservationConvention() {
	}

	@Override
	public String getName() {
		return "unisights.handler";
	}

	@Override
	public String getContextualName(HandlerObservationContext context) {
		return context.getHandlerType().getSimpleName() + " " + context.getDelivery().channel().wireName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(HandlerObservationContext context) {
		return KeyValues.of(HandlerKeyNames.CHANNEL.withValue(context.getDelivery().channel().wireName()),
				HandlerKeyNames.HANDLER.withValue(context.getHandlerType().getName()),
				HandlerKeyNames.OUTCOME.withValue((context.getError() == null) ? SUCCESS : FAILURE));
	}

}
