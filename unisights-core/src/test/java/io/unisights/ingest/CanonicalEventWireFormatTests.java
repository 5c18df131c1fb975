package io.unisights.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.ingest.EventFormatException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CanonicalEventWireFormatTests {

	static final String ORDER = """
			{"id":"evt_1","type":"order.created","occurred_at":"2025-05-01T12:15:30+02:00","source":"shop",
			 "identity":{"id":"cus_123","email":"jane@example.com","phone":"+15550100","crm_id":42},
			 "data":{"total":99.9,"items":[{"sku":"A"}]},"sent_at":"2025-05-01T10:15:31Z","future_key":true}
			""";

	@Test
	void readsEveryPartOfAnEvent() {
		EventBatch batch = read(ORDER, 10);
		assertThat(batch.batch()).isFalse();
		CanonicalEvent event = batch.events().get(0);
		assertThat(event.id()).isEqualTo("evt_1");
		assertThat(event.type()).isEqualTo("order.created");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-05-01T10:15:30Z"));
		assertThat(event.source()).isEqualTo("shop");
		assertThat(event.identity().id()).isEqualTo("cus_123");
		assertThat(event.identity().email()).isEqualTo("jane@example.com");
		assertThat(event.identity().phone()).isEqualTo("+15550100");
		assertThat(event.identity().extras()).containsOnlyKeys("crm_id");
		assertThat(event.identity().extras().get("crm_id").asInt()).isEqualTo(42);
		assertThat(event.data().get("total").asDouble()).isEqualTo(99.9);
		assertThat(event.sentAt()).isEqualTo(Instant.parse("2025-05-01T10:15:31Z"));
	}

	@Test
	void writesWhatItReads() {
		CanonicalEvent event = read(ORDER, 10).events().get(0);
		byte[] written = CanonicalEventWireFormat.toBytes(event);
		CanonicalEvent again = CanonicalEventWireFormat.read(written, 10).events().get(0);
		assertThat(again).isEqualTo(event);
		assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"occurred_at\":\"2025-05-01T10:15:30Z\"")
			.doesNotContain("future_key");
	}

	@Test
	void readsABatchWhoseSentAtAppliesToEventsWithoutTheirOwn() {
		String body = """
				{"sent_at":"2025-05-01T10:00:05Z","events":[
				 {"id":"a","type":"cart.abandoned","occurred_at":"2025-05-01T10:00:00Z","source":"shop"},
				 {"id":"b","type":"cart.recovered","occurred_at":"2025-05-01T10:00:01Z","source":"shop","sent_at":"2025-05-01T10:00:09Z"}]}
				""";
		EventBatch batch = read(body, 10);
		assertThat(batch.batch()).isTrue();
		assertThat(batch.events()).extracting(CanonicalEvent::sentAt)
			.containsExactly(Instant.parse("2025-05-01T10:00:05Z"), Instant.parse("2025-05-01T10:00:09Z"));
		assertThat(batch.events().get(0).identity().isEmpty()).isTrue();
		assertThat(batch.events().get(0).data().isEmpty()).isTrue();
		assertThat(batch.pathOf(1)).isEqualTo("events[1].");
	}

	@Test
	void namesTheFieldAtFaultInABatch() {
		String body = """
				{"events":[{"id":"a","type":"order.paid","occurred_at":"2025-05-01T10:00:00Z","source":"s"},
				 {"id":"b","type":"order.paid","occurred_at":"yesterday","source":"s"}]}
				""";
		assertThatExceptionOfType(EventFormatException.class).isThrownBy(() -> read(body, 10))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).isEqualTo("events[1].occurred_at");
			})
			.withMessageContaining("RFC 3339");
	}

	@Test
	void refusesMissingAndMistypedFields() {
		assertFault("{\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\"}",
				Reason.MISSING_FIELD, "id");
		assertFault("{\"id\":7,\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\"}",
				Reason.INVALID_FIELD, "id");
		assertFault("{\"id\":\"x\",\"type\":\"order.paid\",\"source\":\"s\"}", Reason.MISSING_FIELD, "occurred_at");
		assertFault("{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00\",\"source\":\"s\"}",
				Reason.INVALID_FIELD, "occurred_at");
		assertFault("{\"id\":\"x\",\"type\":\" \",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\"}",
				Reason.INVALID_FIELD, "type");
		assertFault("{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\"}",
				Reason.MISSING_FIELD, "source");
		assertFault(
				"{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\",\"data\":[1]}",
				Reason.INVALID_FIELD, "data");
		assertFault(
				"{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\",\"identity\":{\"email\":1}}",
				Reason.INVALID_FIELD, "identity.email");
		assertFault("{\"id\":\"" + "x".repeat(256)
				+ "\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\"}",
				Reason.INVALID_FIELD, "id");
		assertFault("{\"events\":{}}", Reason.INVALID_FIELD, "events");
		assertFault("{\"events\":[]}", Reason.INVALID_FIELD, "events");
		assertFault("{\"events\":[1]}", Reason.INVALID_FIELD, "events[0]");
	}

	@Test
	void refusesBodiesThatAreNotAJsonObject() {
		assertFault("  ", Reason.EMPTY_BODY, null);
		assertFault("{\"id\":", Reason.MALFORMED_JSON, null);
		assertFault("\"text\"", Reason.MALFORMED_JSON, null);
	}

	@Test
	void refusesABareArraySayingToSendABatchObject() {
		assertThatExceptionOfType(EventFormatException.class)
			.isThrownBy(() -> read("[{\"id\":\"x\"}]", 10))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).isNull();
				assertThat(ex.getMessage()).contains("{\"events\":[");
			});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
			"-0001-12-31T23:59:59Z" })
	void refusesDatesBeyondTheFourDigitYearsOfRfc3339(String date) {
		String event = "{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"%s\",\"source\":\"s\"}";
		assertFault(event.formatted(date), Reason.INVALID_FIELD, "occurred_at");
		String sent = "{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\","
				+ "\"source\":\"s\",\"sent_at\":\"%s\"}";
		assertFault(sent.formatted(date), Reason.INVALID_FIELD, "sent_at");
		assertFault("{\"sent_at\":\"%s\",\"events\":[%s]}".formatted(date, event.formatted("2025-05-01T10:00:00Z")),
				Reason.INVALID_FIELD, "sent_at");
	}

	@Test
	void acceptsTheEdgesOfTheFourDigitYears() {
		String event = "{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"%s\",\"source\":\"s\"}";
		assertThat(read(event.formatted("0000-01-01T00:00:00Z"), 1).events()).hasSize(1);
		assertThat(read(event.formatted("9999-12-31T23:59:59.999Z"), 1).events()).hasSize(1);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "1e400", "-1e400", "1e99999999" })
	void refusesNumbersNoWriterCanWriteBackNamingThem(String number) {
		String event = "{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\","
				+ "\"source\":\"s\",\"identity\":{\"id\":\"c\",\"score\":%s},\"data\":{\"lines\":[{\"total\":%s}]}}";
		assertFault("{\"events\":[" + event.formatted("1", number) + "]}", Reason.INVALID_FIELD,
				"events[0].data.lines[0].total");
		assertFault(event.formatted(number, "1"), Reason.INVALID_FIELD, "identity.score");
	}

	@Test
	void refusesNumbersAndNestingBeyondTheParserLimitsNamingTheField() {
		String digits = "9".repeat(400);
		String event = "{\"id\":\"x\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\","
				+ "\"source\":\"s\",\"data\":{\"total\":%s}}";
		assertFault("{\"events\":[" + event.formatted(digits) + "]}", Reason.INVALID_FIELD, "events[0].data.total");
		String deep = "[".repeat(300) + "]".repeat(300);
		assertThatExceptionOfType(EventFormatException.class).isThrownBy(() -> read(event.formatted(deep), 1))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).startsWith("data.total[0][0]");
				assertThat(ex.getMessage()).contains("nests deeper than 256 levels");
			});
		assertThat(read(event.formatted("[".repeat(200) + "]".repeat(200)), 1).events()).hasSize(1);
	}

	@Test
	void refusesABatchLargerThanTheLimit() {
		String event = "{\"id\":\"a\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:00:00Z\",\"source\":\"s\"}";
		String body = "{\"events\":[" + String.join(",", List.of(event, event, event)) + "]}";
		assertThat(read(body, 3).events()).hasSize(3);
		assertFault(body, 2, Reason.BATCH_TOO_LARGE, "events");
	}

	@Test
	void buildsEventsWithAGeneratedIdAndData() {
		CanonicalEvent event = CanonicalEvent.builder("payment.failed")
			.source("billing")
			.identity("cus_9")
			.data("amount", 12.5)
			.data(Map.of("currency", "EUR"))
			.build();
		assertThat(event.id()).startsWith("evt_").hasSize(40);
		assertThat(event.data().get("amount").asDouble()).isEqualTo(12.5);
		assertThat(event.data().get("currency").asString()).isEqualTo("EUR");
		assertThat(CanonicalEvent.builder("payment.failed").source("billing").build().id()).isNotEqualTo(event.id());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> CanonicalEvent.builder("payment.failed").build())
			.withMessageContaining("source");
	}

	private static EventBatch read(String body, int maxBatchSize) {
		return CanonicalEventWireFormat.read(body.getBytes(StandardCharsets.UTF_8), maxBatchSize);
	}

	private static void assertFault(String body, Reason reason, String field) {
		assertFault(body, 10, reason, field);
	}

	private static void assertFault(String body, int maxBatchSize, Reason reason, String field) {
		assertThatExceptionOfType(EventFormatException.class).isThrownBy(() -> read(body, maxBatchSize))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(reason);
				assertThat(ex.field()).isEqualTo(field);
			});
	}

}
