package io.unisights.ingest;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.JsonLinesFile;
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
		int[] counts = new int[2];
		JsonLinesFile.at(file).replay((line, number) -> {
			DeadLetter<SendFailure> letter;
			try {
				letter = JsonlDeadLetterSink.decode(line);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Keeping unreadable line " + number + " of dead-letter file " + file + ": "
						+ SingleLine.escape(ex.getMessage()));
				counts[1]++;
				return line;
			}
			SendResult result = sender.send(letter.id(), letter.payload(), false);
			if (result.isSuccess()) {
				counts[0]++;
				return null;
			}
			counts[1]++;
			return JsonlDeadLetterSink.line(letter.failedAgain(Objects.toString(result.error(), ""), result.attempts(),
					clock.instant(), new SendFailure(result.status())));
		});
		return new ReplayResult(counts[0], counts[1]);
	}

}
