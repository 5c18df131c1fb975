package io.unisights.spring.delivery.observation;

import io.micrometer.common.KeyValues;

import io.unisights.spring.Channel;
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
	 * Key values and contextual names by handler class, made once per class: a handler call
	 * asks for them at its start and its stop, and building and sorting them each time was
	 * a measurable part of observing it. A {@link ClassValue} lets a handler's class be
	 * unloaded with its application.
	 */
	private static final ClassValue<HandlerNames> NAMES = new ClassValue<>() {

		@Override
		protected HandlerNames computeValue(Class<?> type) {
			return new HandlerNames(type);
		}

	};

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
		return NAMES.get(context.getHandlerType()).contextualNames[context.getDelivery().channel().ordinal()];
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(HandlerObservationContext context) {
		HandlerNames names = NAMES.get(context.getHandlerType());
		int channel = context.getDelivery().channel().ordinal();
		return (context.getError() == null) ? names.succeeded[channel] : names.failed[channel];
	}

	/** What the convention answers for one handler class, by channel. */
	private static final class HandlerNames {

		final String[] contextualNames;

		final KeyValues[] succeeded;

		final KeyValues[] failed;

		HandlerNames(Class<?> type) {
			Channel[] channels = Channel.values();
			this.contextualNames = new String[channels.length];
			this.succeeded = new KeyValues[channels.length];
			this.failed = new KeyValues[channels.length];
			for (Channel channel : channels) {
				int at = channel.ordinal();
				this.contextualNames[at] = type.getSimpleName() + " " + channel.wireName();
				this.succeeded[at] = keyValues(type, channel, SUCCESS);
				this.failed[at] = keyValues(type, channel, FAILURE);
			}
		}

		private static KeyValues keyValues(Class<?> type, Channel channel, String outcome) {
			return KeyValues.of(HandlerKeyNames.CHANNEL.withValue(channel.wireName()),
					HandlerKeyNames.HANDLER.withValue(type.getName()), HandlerKeyNames.OUTCOME.withValue(outcome));
		}

	}

}
