package io.unisights.deadletter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** One on-disk form for every sender's dead letters, and the earlier forms still read. */
class DeadLetterLinesTests {

	private static final DeadLetterLines<String> LINES = DeadLetterLines.of(new DeadLetterLines.Detail<>() {

		@Override
		public void write(String detail, ObjectNode payload, ObjectNode line) {
			line.put("source", detail);
		}

		@Override
		public String read(JsonNode line) {
			return DeadLetterLines.string(line, "source");
		}

	});

	private static final ObjectNode PAYLOAD = JsonNodeFactory.instance.objectNode().put("n", 7);

	private static final DeadLetter<String> LETTER = new DeadLetter<>("msg_1", PAYLOAD, "HTTP 503", 3,
			Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:02Z"), "shop");

	@TempDir
	Path temp;

	@Test
	void writesTheCommonKeysWithTheSendersBesideThem() {
		assertThat(LINES.write(LETTER)).isEqualTo("{\"id\":\"msg_1\",\"source\":\"shop\",\"payload\":{\"n\":7},"
				+ "\"error\":\"HTTP 503\",\"attempts\":3,\"first_attempt_at\":\"2025-01-01T00:00:00Z\","
				+ "\"last_attempt_at\":\"2025-01-01T00:00:02Z\"}");
		assertThat(LINES.read(LINES.write(LETTER))).isEqualTo(LETTER);
	}

	@Test
	void readsALineOfTheEventsClientsEarlierForm() {
		DeadLetter<String> old = LINES.read("{\"message_id\":\"msg_1\",\"first_attempt_at\":\"2025-01-01T00:00:00Z\","
				+ "\"failed_at\":\"2025-01-01T00:00:02Z\",\"attempts\":3,\"source\":\"shop\",\"error\":\"HTTP 503\","
				+ "\"payload\":{\"n\":7}}");
		assertThat(old).isEqualTo(LETTER);
		DeadLetter<String> older = LINES.read("{\"message_id\":\"msg_1\",\"failed_at\":\"2025-01-01T00:00:02Z\","
				+ "\"attempts\":3,\"source\":\"shop\",\"error\":\"HTTP 503\",\"payload\":{\"n\":7}}");
		assertThat(older.firstAttemptAt()).isEqualTo(LETTER.lastAttemptAt());
	}

	@Test
	void namesTheFieldOfALineThatIsNoDeadLetter() {
		String line = LINES.write(LETTER);
		assertThatIllegalArgumentException().isThrownBy(() -> LINES.read(line.replace("\"id\":\"msg_1\",", "")))
			.withMessage("id: must be a string");
		assertThatIllegalArgumentException().isThrownBy(() -> LINES.read(line.replace("\"attempts\":3", "\"attempts\":\"x\"")))
			.withMessage("attempts: must be an integer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LINES.read(line.replace("2025-01-01T00:00:02Z", "soon")))
			.withMessage("last_attempt_at: must be an ISO-8601 instant but was 'soon'");
		assertThatIllegalArgumentException().isThrownBy(() -> LINES.read(line.replace("\"source\":\"shop\",", "")))
			.withMessage("source: must be a string");
		assertThatIllegalArgumentException().isThrownBy(() -> LINES.read("[1]"))
			.withMessage("Dead letter is not a JSON object");
	}

	@Test
	void replaysAFileOfOldAndNewLinesKeepingWhatFailsAgainInTheNewForm() throws Exception {
		Path path = this.temp.resolve("letters.jsonl");
		Files.writeString(path, "{\"message_id\":\"old\",\"failed_at\":\"2025-01-01T00:00:02Z\",\"attempts\":1,"
				+ "\"source\":\"shop\",\"error\":\"e\",\"payload\":{}}\nnot json\n");
		DeadLetterFile<String> file = DeadLetterFile.at(path, LINES);
		file.accept(LETTER);

		DeadLetterFile.Replayed replayed = file.replay(
				(letter) -> letter.id().equals("old") ? letter.failedAgain("again", 1, letter.lastAttemptAt(), "shop")
						: null,
				(number, problem) -> assertThat(number).isEqualTo(2));

		assertThat(replayed).isEqualTo(new DeadLetterFile.Replayed(1, 1, 1));
		assertThat(Files.readAllLines(path)).containsExactly(
				"{\"id\":\"old\",\"source\":\"shop\",\"payload\":{},\"error\":\"again\",\"attempts\":2,"
						+ "\"first_attempt_at\":\"2025-01-01T00:00:02Z\",\"last_attempt_at\":\"2025-01-01T00:00:02Z\"}",
				"not json");
	}

}
