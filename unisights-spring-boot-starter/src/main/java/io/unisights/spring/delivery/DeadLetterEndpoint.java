package io.unisights.spring.delivery;

/**
 * The {@code unisightsdeadletter} actuator endpoint under its former name; its id, its
 * operations and their answers are unchanged.
 * @deprecated since 0.2.0 in favour of
 * {@link io.unisights.spring.delivery.deadletter.DeadLetterEndpoint}, which implements this
 * type so that code naming this one keeps working until it is removed; its
 * {@code summary()} is found on the replacement only
 */
@Deprecated(since = "0.2.0")
public interface DeadLetterEndpoint {

	/**
	 * Replays the dead-letter file, leaving only what fails again.
	 * @return how many items were delivered and how many remain
	 */
	ReplayResult replay();

}
