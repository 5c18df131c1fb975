package io.unisights.spring.delivery.deadletter;

import io.unisights.spring.delivery.ReplayResult;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code unisightsdeadletter}: {@code GET} describes the dead letters
 * (the file, or the kafka store's dead-letter topic), {@code POST} replays them through the
 * handlers. Expose it with
 * {@code management.endpoints.web.exposure.include=unisightsdeadletter} and secure it
 * like any write endpoint: a replay re-runs your handlers. Its access is read-only unless
 * {@code management.endpoint.unisightsdeadletter.access=unrestricted} allows the replay.
 */
@Endpoint(id = "unisightsdeadletter", defaultAccess = Access.READ_ONLY)
@SuppressWarnings("deprecation")
public final class DeadLetterEndpoint implements io.unisights.spring.delivery.DeadLetterEndpoint {

	private final DeadLetterReplayer replayer;

	DeadLetterEndpoint(DeadLetterReplayer replayer) {
		this.replayer = replayer;
	}

	/**
	 * Describes the dead letters.
	 * @return where they are kept, their size in bytes and their number
	 */
	@ReadOperation
	public Summary summary() {
		return this.replayer.sink().summary();
	}

	/**
	 * Replays the dead letters, leaving only what fails again.
	 * @return how many items were delivered and how many remain
	 */
	@Override
	@WriteOperation
	public ReplayResult replay() {
		return this.replayer.replay();
	}

	/**
	 * What the dead letters hold.
	 *
	 * @param path absolute path of the file, or {@code kafka:} and the name of the
	 * dead-letter topic
	 * @param bytes the file's size, including a replay in progress; {@code -1} for a topic
	 * @param items number of items waiting for replay
	 */
	public record Summary(String path, long bytes, long items) {

	}

}
