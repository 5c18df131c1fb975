package io.unisights.spring.delivery.deadletter;

import io.unisights.spring.delivery.ReplayResult;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code unisightsdeadletter}: {@code GET} describes the dead-letter
 * file, {@code POST} replays it through the handlers. Expose it with
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
	 * Describes the dead-letter file.
	 * @return its path, size in bytes and number of items
	 */
	@ReadOperation
	public Summary summary() {
		JsonlDeadLetterFile file = this.replayer.file();
		return new Summary(file.path().toString(), file.size(), file.count());
	}

	/**
	 * Replays the dead-letter file, leaving only what fails again.
	 * @return how many items were delivered and how many remain
	 */
	@Override
	@WriteOperation
	public ReplayResult replay() {
		return this.replayer.replay();
	}

	/**
	 * What the dead-letter file holds.
	 *
	 * @param path absolute path of the file
	 * @param bytes its size, including a replay in progress
	 * @param items number of items waiting for replay
	 */
	public record Summary(String path, long bytes, long items) {

	}

}
