package io.unisights.spring.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.delivery.deadletter.DeadLetterReplayers;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReplayerTests {

	private static final String GARBAGE = "{\"id\":\"broken\",\"channel\":\"beacon\"";

	@TempDir
	Path temp;

	private final FaultyHandler handler = new FaultyHandler();

	private final DeliveryMetrics metrics = new DeliveryMetrics(Clock.systemUTC());

	private JsonlDeadLetterFile file;

	private Path replaying;

	private DeadLetterReplayer replayer;

	@BeforeEach
	void prepare() {
		this.file = new JsonlDeadLetterFile(this.temp.resolve("letters.jsonl"));
		this.replaying = this.temp.resolve("letters.jsonl.replaying");
		this.replayer = DeadLetterReplayers.replayer(this.file,
				new Redelivery(new HandlerChain(List.of(this.handler), this.metrics, Clock.systemUTC()),
						List.of(new BeaconDeliveryRestorer()), this.metrics));
	}

	@Test
	void keepsAnUnreadableLineUnchangedAndReportsIt() throws Exception {
		this.file.accept(letter("a", 1, 3));
		Files.writeString(this.file.path(), GARBAGE + "\n", StandardOpenOption.APPEND);
		this.file.accept(letter("b", 2, 3));

		ReplayResult result = this.replayer.replay();

		assertThat(result).isEqualTo(new ReplayResult(2, 1, 1));
		assertThat(this.handler.delivered()).containsExactlyInAnyOrder("a", "b");
		assertThat(Files.readAllLines(this.file.path())).containsExactly(GARBAGE);
		assertThat(this.replaying).doesNotExist();

		// Still there, and still reported, on the next replay: nothing is dropped silently.
		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(0, 1, 1));
		assertThat(Files.readAllLines(this.file.path())).containsExactly(GARBAGE);
		assertThat(this.handler.delivered()).hasSize(2);
	}

	@Test
	void picksUpTheItemsACrashedReplayLeftBehindAndReadsEachOnce() throws Exception {
		// A replay crashed after it moved these aside: "left-ok" and "left-failing" were
		// never settled. The file has since received a new dead letter.
		writeLines(this.replaying, letter("left-ok", 1, 3), letter("left-failing", 2, 3));
		this.file.accept(letter("new-ok", 3, 3));
		this.handler.failAlways("left-failing");

		ReplayResult result = this.replayer.replay();

		assertThat(result).isEqualTo(new ReplayResult(2, 1, 0));
		assertThat(this.handler.delivered()).containsExactlyInAnyOrder("left-ok", "new-ok");
		assertThat(this.handler.attempts("left-ok")).isEqualTo(1);
		assertThat(this.handler.attempts("new-ok")).isEqualTo(1);
		assertThat(this.handler.attempts("left-failing")).isEqualTo(1);
		assertThat(this.replaying).doesNotExist();
		assertThat(this.file.read()).singleElement().satisfies((letter) -> {
			assertThat(letter.id()).isEqualTo("left-failing");
			// One more attempt, not two: the kept item is not read again in the same replay.
			assertThat(letter.attempts()).isEqualTo(4);
			assertThat(letter.error()).contains("IllegalStateException: store down for left-failing");
		});
	}

	@Test
	void picksUpALeftoverReplayFileWhenTheFileItselfIsGone() throws Exception {
		writeLines(this.replaying, letter("left-1", 1, 3), letter("left-2", 2, 3));

		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(2, 0, 0));

		assertThat(this.handler.delivered()).containsExactlyInAnyOrder("left-1", "left-2");
		assertThat(this.replaying).doesNotExist();
		assertThat(this.file.count()).isZero();
	}

	@Test
	void keepsALineACrashCutShortInALeftoverReplayFileApartFromTheItemsAfterIt() throws Exception {
		String cut = DeadLetterJson.write(letter("cut", 1, 3));
		cut = cut.substring(0, cut.length() / 2);
		Files.writeString(this.replaying, DeadLetterJson.write(letter("left", 2, 3)) + "\n" + cut,
				StandardCharsets.UTF_8);
		this.file.accept(letter("new", 3, 3));

		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(2, 1, 1));

		assertThat(this.handler.delivered()).containsExactlyInAnyOrder("left", "new");
		assertThat(Files.readAllLines(this.file.path())).containsExactly(cut);
	}

	@Test
	void startsANewLineAfterOneACrashCutShort() throws Exception {
		String cut = DeadLetterJson.write(letter("cut", 1, 3));
		cut = cut.substring(0, cut.length() / 2);
		Files.writeString(this.file.path(), cut, StandardCharsets.UTF_8);

		this.file.accept(letter("next", 2, 3));

		assertThat(Files.readAllLines(this.file.path())).hasSize(2).first().isEqualTo(cut);
		assertThat(DeadLetterJson.read(Files.readAllLines(this.file.path()).get(1)).id()).isEqualTo("next");
		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(1, 1, 1));
		assertThat(this.handler.delivered()).containsExactly("next");
	}

	@Test
	void replaysALineInTheDocumentedFormat() throws Exception {
		String line = "{\"id\":\"kept-1\",\"channel\":\"beacon\",\"payload\":" + Beacons.delivery("kept-1", 1).wireData()
				+ ",\"context\":{\"client_ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0\",\"origin\":\"https://shop.example.com\","
				+ "\"received_at\":\"2025-01-01T00:00:00Z\"},\"error\":\"java.io.IOException: store down\",\"attempts\":3,"
				+ "\"first_attempt_at\":\"2025-01-01T00:00:00.010Z\",\"last_attempt_at\":\"2025-01-01T00:00:00.620Z\"}";
		Files.writeString(this.file.path(), line + "\n", StandardCharsets.UTF_8);
		assertThat(this.file.read()).singleElement().satisfies((letter) -> {
			assertThat(letter.id()).isEqualTo("kept-1");
			assertThat(letter.detail().channel()).isEqualTo(Channel.BEACON);
			assertThat(letter.detail().context().clientIp()).isEqualTo("203.0.113.7");
			assertThat(letter.attempts()).isEqualTo(3);
			assertThat(letter.firstAttemptAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.010Z"));
			assertThat(letter.lastAttemptAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.620Z"));
		});

		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(1, 0, 0));
		assertThat(this.handler.delivered()).containsExactly("kept-1");
	}

	@Test
	void leavesNothingBehindWhenThereIsNothingToReplay() {
		assertThat(this.replayer.replay()).isEqualTo(new ReplayResult(0, 0, 0));
		assertThat(this.file.path()).doesNotExist();
		assertThat(this.replaying).doesNotExist();
	}

	private static DeadLetter<Receipt> letter(String id, int n, int attempts) {
		BeaconDelivery delivery = Beacons.delivery(id, n);
		Instant at = Instant.parse("2025-01-01T00:00:01Z");
		return new DeadLetter<>(id, delivery.wireData(), "java.io.IOException: store down", attempts, at, at,
				new Receipt(delivery.channel(), delivery.context()));
	}

	@SafeVarargs
	private static void writeLines(Path path, DeadLetter<Receipt>... letters) throws Exception {
		List<String> lines = new ArrayList<>();
		for (DeadLetter<Receipt> letter : letters) {
			lines.add(DeadLetterJson.write(letter));
		}
		Files.write(path, lines, StandardCharsets.UTF_8);
	}

}
