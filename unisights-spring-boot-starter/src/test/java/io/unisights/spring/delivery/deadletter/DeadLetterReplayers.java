package io.unisights.spring.delivery.deadletter;

import io.unisights.spring.delivery.Redelivery;

/**
 * Makes the replayer for tests of the packages that build its {@link Redelivery}.
 */
public final class DeadLetterReplayers {

	private DeadLetterReplayers() {
	}

	public static DeadLetterReplayer replayer(ReplayableDeadLetterSink file, Redelivery redelivery) {
		return new DeadLetterReplayer(file, redelivery);
	}

}
