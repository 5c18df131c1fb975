package io.unisights.spring.delivery.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of deliveries and their keys. Every key is low-cardinality: a bounded
 * set of values (channels, outcomes, the application's handler classes), never an id, a
 * session, a URL or anything from a payload.
 */
public enum DeliveryObservationDocumentation implements ObservationDocumentation {

	/**
	 * One item carried through the handlers, from the first attempt to the last, backoff
	 * between retries included. In synchronous mode it runs inside the request's own
	 * observation; in asynchronous mode on a delivery worker, after the request was
	 * answered. A failed delivery carries the last handler failure as its error.
	 */
	DELIVERY(DefaultDeliveryObservationConvention.class, DeliveryKeyNames.values()),

	/**
	 * One call of one handler for one attempt of an item, inside its {@link #DELIVERY}.
	 * A handler that completed in an earlier attempt is not called, nor observed, again.
	 */
	HANDLER(DefaultHandlerObservationConvention.class, HandlerKeyNames.values());

	private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

	private final KeyName[] lowCardinalityKeyNames;

	DeliveryObservationDocumentation(
			Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention,
			KeyName[] lowCardinalityKeyNames) {
		this.defaultConvention = defaultConvention;
		this.lowCardinalityKeyNames = lowCardinalityKeyNames;
	}

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return this.defaultConvention;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		// A copy, as values() gives: the caller may write to the array.
		return this.lowCardinalityKeyNames.clone();
	}

	/** Low-cardinality keys of {@link #DELIVERY}. */
	public enum DeliveryKeyNames implements KeyName {

		/** The item's channel: {@code beacon}, {@code open}, {@code click} or {@code ingest}. */
		CHANNEL {
			@Override
			public String asString() {
				return "channel";
			}
		},

		/** {@code delivered}, {@code failed}, or {@code unknown} while in progress. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/** Low-cardinality keys of {@link #HANDLER}. */
	public enum HandlerKeyNames implements KeyName {

		/** The item's channel: {@code beacon}, {@code open}, {@code click} or {@code ingest}. */
		CHANNEL {
			@Override
			public String asString() {
				return "channel";
			}
		},

		/** Fully qualified class name of the handler. */
		HANDLER {
			@Override
			public String asString() {
				return "handler";
			}
		},

		/** {@code success} when the handler returned, {@code failure} when it threw. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
