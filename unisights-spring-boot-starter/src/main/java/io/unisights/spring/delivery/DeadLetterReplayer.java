package io.unisights.spring.delivery;

/**
 * The dead-letter replay under its former name.
 * @deprecated since 0.2.0 in favour of
 * {@link io.unisights.spring.delivery.deadletter.DeadLetterReplayer}, which implements this
 * type so that code naming this one keeps working until it is removed
 */
@Deprecated(since = "0.2.0")
public interface DeadLetterReplayer {

	/**
	 * Replays every item in the dead-letter file.
	 * @return how many items were delivered and how many remain in the file
	 */
	ReplayResult replay();

}
