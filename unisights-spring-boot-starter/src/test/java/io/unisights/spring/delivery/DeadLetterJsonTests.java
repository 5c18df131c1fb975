package io.unisights.spring.delivery;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The dead-letter line is a documented file format: written and read exactly as documented. */
class DeadLetterJsonTests {

	private static final BeaconDelivery DELIVERY = Beacons.delivery("kept-1", 1);

	private static final String LINE = "{\"id\":\"kept-1\",\"channel\":\"beacon\",\"payload\":" + DELIVERY.wireData()
			+ ",\"context\":{\"client_ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0\",\"origin\":null,"
			+ "\"received_at\":\"2025-01-01T00:00:00Z\"},\"error\":\"java.io.IOException: store down\",\"attempts\":3,"
			+ "\"first_attempt_at\":\"2025-01-01T00:00:00.010Z\",\"last_attempt_at\":\"2025-01-01T00:00:00.620Z\"}";

	private static final DeadLetter<Receipt> LETTER = new DeadLetter<>("kept-1", DELIVERY.wireData(),
			"java.io.IOException: store down", 3, Instant.parse("2025-01-01T00:00:00.010Z"),
			Instant.parse("2025-01-01T00:00:00.620Z"), new Receipt(Channel.BEACON,
					new RequestContext("203.0.113.7", "Mozilla/5.0", null, Instant.parse("2025-01-01T00:00:00Z"))));

	@Test
	void writesTheDocumentedLine() {
		assertThat(DeadLetterJson.write(LETTER)).isEqualTo(LINE);
	}

	@Test
	void readsTheDocumentedLine() {
		DeadLetter<Receipt> read = DeadLetterJson.read(LINE);
		assertThat(read.id()).isEqualTo(LETTER.id());
		// The wire form's numbers are the SDK's (JavaScript) kind; read back they are plain JSON numbers.
		assertThat(read.payload()).hasToString(LETTER.payload().toString());
		assertThat(read.error()).isEqualTo(LETTER.error());
		assertThat(read.attempts()).isEqualTo(3);
		assertThat(read.firstAttemptAt()).isEqualTo(LETTER.firstAttemptAt());
		assertThat(read.lastAttemptAt()).isEqualTo(LETTER.lastAttemptAt());
		assertThat(read.detail()).isEqualTo(LETTER.detail());
	}

	@Test
	void namesTheFieldOfALineThatIsNoDeadLetter() {
		assertThatIllegalArgumentException().isThrownBy(() -> DeadLetterJson.read(LINE.replace("\"beacon\"", "\"fax\"")))
			.withMessageStartingWith("channel: ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeadLetterJson.read(LINE.replace("2025-01-01T00:00:00Z", "soon")))
			.withMessage("context.received_at: must be an ISO-8601 instant but was 'soon'");
		assertThatIllegalArgumentException().isThrownBy(() -> DeadLetterJson.read(LINE.replace("\"attempts\":3", "\"attempts\":\"3\"")))
			.withMessage("attempts: must be an integer");
		assertThatIllegalArgumentException().isThrownBy(() -> DeadLetterJson.read(LINE.replace("\"id\":\"kept-1\",", "")))
			.withMessage("id: must be a string");
	}

}
