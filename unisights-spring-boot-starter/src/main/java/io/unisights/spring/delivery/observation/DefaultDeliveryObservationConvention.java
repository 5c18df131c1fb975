package io.unisights.spring.delivery.observation;

import io.micrometer.common.KeyValues;

import io.unisights.spring.Channel;
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

	private static final String[] OUTCOMES = { UNKNOWN, DELIVERED, FAILED };

	/**
	 * Key values by channel and outcome, made once: a delivery asks for them at its start
	 * and its stop, and building and sorting them each time was a measurable part of
	 * observing it.
	 */
	private static final KeyValues[][] KEY_VALUES = keyValues();

	private static final String[] CONTEXTUAL_NAMES = contextualNames();

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
		return CONTEXTUAL_NAMES[context.getDelivery().channel().ordinal()];
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DeliveryObservationContext context) {
		Boolean delivered = context.getDelivered();
		int outcome = (delivered == null) ? 0 : (delivered ? 1 : 2);
		return KEY_VALUES[context.getDelivery().channel().ordinal()][outcome];
	}

	private static KeyValues[][] keyValues() {
		Channel[] channels = Channel.values();
		KeyValues[][] keyValues = new KeyValues[channels.length][OUTCOMES.length];
		for (Channel channel : channels) {
			for (int outcome = 0; outcome < OUTCOMES.length; outcome++) {
				keyValues[channel.ordinal()][outcome] = KeyValues.of(
						DeliveryKeyNames.CHANNEL.withValue(channel.wireName()),
						DeliveryKeyNames.OUTCOME.withValue(OUTCOMES[outcome]));
			}
		}
		return keyValues;
	}

	private static String[] contextualNames() {
		Channel[] channels = Channel.values();
		String[] names = new String[channels.length];
		for (Channel channel : channels) {
			names[channel.ordinal()] = "deliver " + channel.wireName();
		}
		return names;
	}

}
