package io.unisights.spring.delivery.deadletter;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.ReplayResult;

/**
 * A collector's dead-letter sink that can hand its letters back for a replay: the
 * {@link JsonlDeadLetterFile} by default, the delivery topic's dead-letter topic with
 * {@code unisights.delivery.store=kafka}. The {@link DeadLetterReplayer} and the
 * {@code unisightsdeadletter} endpoint work on the one the context holds. A host's own
 * {@code DeadLetterSink<Receipt>} bean that implements this interface gets them too.
 */
public interface ReplayableDeadLetterSink extends DeadLetterSink<Receipt> {

	/**
	 * Takes every letter kept so far and offers it to {@code redeliver}; what it hands
	 * back, and letters that cannot be read, are kept again. Letters that arrive meanwhile
	 * are left for the next replay.
	 * @param redeliver delivers a letter and answers {@code null}, or answers the letter
	 * as it should be kept
	 * @return how many letters were delivered and how many were kept
	 */
	ReplayResult replay(Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver);

	/**
	 * Where the letters are kept, as the log and the endpoint name it.
	 * @return the file's absolute path, or {@code kafka:} and the topic's name
	 */
	String location();

	/**
	 * Describes where the letters are kept and how many wait.
	 * @return the summary the endpoint shows
	 */
	DeadLetterEndpoint.Summary summary();

}
