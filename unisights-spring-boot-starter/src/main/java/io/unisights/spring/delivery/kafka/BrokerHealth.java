package io.unisights.spring.delivery.kafka;

import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStore.Availability;

/**
 * What the store knows of its brokers from its own calls: unavailable from the moment a
 * send or a check fails until a later one succeeds. Reading it costs nothing, so that
 * neither a request nor a health check waits on the network to learn it.
 */
final class BrokerHealth {

	// The outcome that came last: a success after a failure clears it.
	private volatile Outcome last;

	/**
	 * Creates the health of a store that has not talked to its brokers yet.
	 * @param problem what to report until a first call succeeds
	 */
	BrokerHealth(String problem) {
		this.last = new Outcome(false, problem, System.nanoTime());
	}

	void succeeded() {
		if (!this.last.succeeded()) {
			this.last = new Outcome(true, null, System.nanoTime());
		}
	}

	/**
	 * Notes a failure.
	 * @param problem what failed, as health details may show it
	 * @return whether the brokers counted as available until now
	 */
	boolean failed(String problem) {
		boolean wasAvailable = this.last.succeeded();
		this.last = new Outcome(false, problem, System.nanoTime());
		return wasAvailable;
	}

	boolean available() {
		return this.last.succeeded();
	}

	Availability availability() {
		Outcome outcome = this.last;
		if (outcome.succeeded()) {
			return Availability.AVAILABLE;
		}
		return Availability.unavailable(outcome.problem() + " "
				+ String.format("%.1f", (System.nanoTime() - outcome.at()) / 1e9) + " s ago");
	}

	/**
	 * A failure as health details and answers to senders may show it: the kind of error,
	 * not its message, which may name hosts and ports (the log has it).
	 * @param what what failed
	 * @param failure how
	 * @return one line
	 */
	static String problem(String what, Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause
				&& !(cause instanceof KafkaException)) {
			cause = cause.getCause();
		}
		return what + " failed with " + cause.getClass().getSimpleName();
	}

	private record Outcome(boolean succeeded, @Nullable String problem, long at) {

	}

}
