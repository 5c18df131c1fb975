package io.unisights.ingest;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import io.unisights.deadletter.DeadLetterFile;
import io.unisights.wire.SingleLine;

/**
 * {@link EventsClient#replay(Path)}: sends every message of a dead-letter file again under
 * its original id, and leaves in the file only what still fails (with its new error and
 * attempt count) and the lines that cannot be read.
 */
final class DeadLetterReplay {

	private static final System.Logger logger = System.getLogger(EventsClient.class.getName());

	private DeadLetterReplay() {
	}

	static ReplayResult replay(Path file, MessageSender sender, Clock clock) {
		DeadLetterFile.Replayed replayed = DeadLetterFile.at(file, JsonlDeadLetterSink.LINES).replay((letter) -> {
			SendResult result = sender.send(letter.id(), letter.payload(), false);
			if (result.isSuccess()) {
				return null;
			}
			return letter.failedAgain(Objects.toString(result.error(), ""), result.attempts(), clock.instant(),
					new SendFailure(result.status()));
		}, (number, problem) -> logger.log(Level.WARNING,
				"Keeping unreadable line " + number + " of dead-letter file " + file + ": " + SingleLine.escape(problem)));
		return new ReplayResult(replayed.delivered(), replayed.failedAgain() + replayed.unreadable());
	}

}
