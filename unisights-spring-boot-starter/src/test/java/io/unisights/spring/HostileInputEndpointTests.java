package io.unisights.spring;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.unisights.beacon.BeaconEncoder;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every numeric and date field of every channel, fed hostile values through the real
 * endpoints on loopback: a 400-digit integer, numbers beyond a double ({@code 1e400}, a
 * huge exponent), a NaN-like string, and values past each field's range. Each must be a
 * 422 problem naming the field (404 for a tracking link, as every refused link is), and
 * nothing may be delivered. Each table starts from a body the endpoint accepts, so a case
 * fails only because of its one field.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false", "unisights.collect.max-bucket-age=5m",
				"unisights.ingest.secrets[0]=" + HostileInputEndpointTests.SECRET,
				"unisights.tracking.keys=hostile-input-key-0123456789",
				"unisights.tracking.pytracking.accept-unsigned=true",
				"unisights.tracking.pytracking.fernet-keys=y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E=",
				"unisights.tracking.allowed-redirect-hosts=www.example.com" })
class HostileInputEndpointTests extends EndpointTestSupport {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final Instant NOW = FrozenClockTestApplication.NOW;

	static final String DIGITS_400 = "1" + "0".repeat(399);

	/** Numbers no field can hold: too long for the parser, or beyond a double either way. */
	static final List<String> UNREPRESENTABLE = List.of(DIGITS_400, "1e400", "-1e400", "1e99999999");

	/** A beacon as the SDK sends it; each {@code ${name}} is a numeric field, its default valid. */
	static final String BEACON = """
			{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f","page_url":"https://example.com/",\
			"entry_page":null,"exit_page":null,"utm_params":{},"device_info":{"device_type":"Desktop","os":"Linux",\
			"platform":"Linux x86_64","referrer":"direct","screen_height":${screen_height},\
			"screen_width":${screen_width},"user_agent":"UA","dpr":${dpr}},"events":[\
			{"type":"page_view","data":{"location":"https://example.com/","title":null,"timestamp":${page_view_ts}}},\
			{"type":"click","data":{"x":${x},"y":${y},"timestamp":${click_ts}}},\
			{"type":"web_vital","data":{"name":"CLS","value":${value},"id":"v5-1","rating":"good","delta":${delta},\
			"entries":${entries},"navigation_type":"navigate","timestamp":${web_vital_ts}}},\
			{"type":"custom","data":{"name":"n","data":${custom_data},"timestamp":${custom_ts}}},\
			{"type":"error","data":{"message":"m","source":null,"lineno":${lineno},"colno":${colno},\
			"timestamp":${error_ts},"depth":${extra}}}],"scroll_depth":${scroll_depth},"time_on_page":${time_on_page}}""";

	static final Map<String, String> BEACON_DEFAULTS = new LinkedHashMap<>();

	static final Map<String, String> BEACON_PATHS = new LinkedHashMap<>();

	static {
		beaconField("screen_height", "1080", "data.device_info.screen_height");
		beaconField("screen_width", "1920", "data.device_info.screen_width");
		beaconField("dpr", "2.0", "data.device_info.dpr");
		beaconField("page_view_ts", "1796097600000.0", "data.events[0].data.timestamp");
		beaconField("x", "85.5", "data.events[1].data.x");
		beaconField("y", "33", "data.events[1].data.y");
		beaconField("click_ts", "1796097600001", "data.events[1].data.timestamp");
		beaconField("value", "0.0000041", "data.events[2].data.value");
		beaconField("delta", "4.1e-6", "data.events[2].data.delta");
		beaconField("entries", "3", "data.events[2].data.entries");
		beaconField("web_vital_ts", "1796097600002", "data.events[2].data.timestamp");
		beaconField("custom_data", "\"{\\\"plan\\\":\\\"pro\\\"}\"", "data.events[3].data.data");
		beaconField("custom_ts", "1796097600003", "data.events[3].data.timestamp");
		beaconField("lineno", "42", "data.events[4].data.lineno");
		beaconField("colno", "7", "data.events[4].data.colno");
		beaconField("error_ts", "1796097600004", "data.events[4].data.timestamp");
		beaconField("extra", "1", "data.events[4].data.depth");
		beaconField("scroll_depth", "100.8", "data.scroll_depth");
		beaconField("time_on_page", "30.567158", "data.time_on_page");
	}

	private static void beaconField(String name, String valid, String path) {
		BEACON_DEFAULTS.put(name, valid);
		BEACON_PATHS.put(name, path);
	}

	/** A server event batch; each {@code ${name}} is a numeric or date field. */
	static final String INGEST = """
			{"sent_at":${batch_sent_at},"events":[{"id":"evt_1","type":"order.created","occurred_at":${occurred_at},\
			"source":"shop","identity":{"id":"cus_1","score":${score}},"data":{"total":${total},\
			"lines":[{"qty":${qty}}]},"sent_at":${sent_at}}]}""";

	static final Map<String, String> INGEST_DEFAULTS = Map.of("batch_sent_at", "\"2026-01-01T00:00:01Z\"",
			"occurred_at", "\"2026-01-01T00:00:00Z\"", "score", "0.5", "total", "99.9", "qty", "2", "sent_at",
			"\"2026-01-01T00:00:01Z\"");

	static final Map<String, String> INGEST_PATHS = Map.of("batch_sent_at", "sent_at", "occurred_at",
			"events[0].occurred_at", "score", "events[0].identity.score", "total", "events[0].data.total", "qty",
			"events[0].data.lines[0].qty", "sent_at", "events[0].sent_at");

	static final List<String> HOSTILE_DATES = List.of("\"-999999999-01-01T00:00:00Z\"",
			"\"+999999999-12-31T23:59:59Z\"", "\"+10000-01-01T00:00:00Z\"", "\"-0001-12-31T23:59:59Z\"", "\"NaN\"",
			"1e400", DIGITS_400);

	private static final AtomicInteger messageIds = new AtomicInteger();

	/** One hostile value in one field. */
	record Case(String field, String value, String path) {

		@Override
		public String toString() {
			return this.field + "=" + ((this.value.length() > 30) ? this.value.substring(0, 12) + "…" : this.value);
		}

	}

	static List<Case> beaconCases() {
		List<Case> cases = new ArrayList<>();
		BEACON_PATHS.forEach((field, path) -> {
			List<String> values = new ArrayList<>(UNREPRESENTABLE);
			// An unknown key may hold any JSON, strings included: only its numbers are checked.
			if (!field.equals("extra") && !field.equals("dpr")) {
				values.add("\"NaN\"");
			}
			if (field.endsWith("_ts")) {
				values.add("-1");
				// Beyond the range of a JavaScript Date.
				values.add("8.64000000000001e15");
			}
			if (field.equals("scroll_depth") || field.equals("time_on_page")) {
				values.add("-0.5");
			}
			if (field.startsWith("screen") || field.equals("entries") || field.endsWith("no")) {
				values.add("2147483648");
				values.add("-1");
			}
			if (field.equals("custom_data")) {
				values = List.of(json("[".repeat(300) + "]".repeat(300)), json("{\"a\":[1e400]}"),
						json("{\"n\":" + DIGITS_400 + "}"), json("{\"a\":"), "1e400");
			}
			values.forEach((value) -> cases.add(new Case(field, value, path)));
		});
		return cases;
	}

	@ParameterizedTest(name = "plain {0}")
	@MethodSource("beaconCases")
	void refusesEachHostileNumberOfAPlainBeaconNamingTheField(Case hostile) {
		assertRefused(postBeacon(plain(beacon(hostile.field(), hostile.value()))), hostile.path());
	}

	@ParameterizedTest(name = "encrypted {0}")
	@MethodSource("beaconCases")
	void refusesEachHostileNumberInsideAnEncryptedBeaconNamingTheField(Case hostile) {
		assertRefused(postBeacon(encrypted(beacon(hostile.field(), hostile.value()), currentBucket())),
				hostile.path());
	}

	static List<String> hostileBuckets() {
		return List.of("9223372036854775807", "288000000001", DIGITS_400, "1e400", "-1", "\"NaN\"", "1.5");
	}

	@ParameterizedTest(name = "bucket={0}")
	@MethodSource("hostileBuckets")
	void refusesEachHostileBucketNamingTheFieldWithoutOverflowing(String bucket) {
		String body = encrypted(beacon(null, null), currentBucket()).replaceFirst("\"bucket\":\\d+",
				Matcher.quoteReplacement("\"bucket\":" + bucket));
		assertRefused(postBeacon(body), "bucket");
	}

	@Test
	void acceptsEveryBaseBodySoEachRefusalIsItsField() {
		assertThat(postBeacon(plain(beacon(null, null))).statusCode()).isEqualTo(200);
		assertThat(postBeacon(encrypted(beacon(null, null), currentBucket())).statusCode()).isEqualTo(200);
		assertThat(postIngest(ingest(null, null)).statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(3);
	}

	@Test
	void acceptsNegativeZeroAsZeroInEveryNumericFieldOfABeacon() {
		for (String field : BEACON_PATHS.keySet()) {
			if (field.equals("custom_data")) {
				continue;
			}
			this.handler.reset();
			assertThat(postBeacon(plain(beacon(field, "-0"))).statusCode()).as(field).isEqualTo(200);
			assertThat(postBeacon(plain(beacon(field, "-0.0"))).statusCode()).as(field).isEqualTo(200);
			assertThat(this.handler.deliveries()).hasSize(2);
			// Written back as JSON.stringify writes -0: 0.
			String written = this.handler.deliveries().get(1).wireData().toString();
			assertThat(written).doesNotContain("-0");
		}
	}

	@Test
	void acceptsCustomDataNestedToTheLimit() {
		String nested = json("[".repeat(256) + "]".repeat(256));
		assertThat(postBeacon(plain(beacon("custom_data", nested))).statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	static List<Case> ingestCases() {
		List<Case> cases = new ArrayList<>();
		INGEST_PATHS.forEach((field, path) -> {
			List<String> values = INGEST_DEFAULTS.get(field).startsWith("\"") ? HOSTILE_DATES : UNREPRESENTABLE;
			values.forEach((value) -> cases.add(new Case(field, value, path)));
		});
		return cases;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ingestCases")
	void refusesEachHostileNumberOrDateOfAServerEventNamingTheField(Case hostile) {
		assertRefused(postIngest(ingest(hostile.field(), hostile.value())), hostile.path());
	}

	@ParameterizedTest(name = "webhook-timestamp={0}")
	@MethodSource("hostileSignatureTimestamps")
	void refusesEachHostileSignatureTimestampWithoutDelivering(String timestamp) {
		byte[] bytes = ingest(null, null).getBytes(StandardCharsets.UTF_8);
		String messageId = "msg_" + messageIds.incrementAndGet();
		long signed = timestamp.matches("-?\\d{1,18}") ? Long.parseLong(timestamp) : 0;
		HttpResponse<String> response = this.http.send(this.http.request("/events/ingest")
			.header("Content-Type", "application/json")
			.header("webhook-id", messageId)
			.header("webhook-timestamp", timestamp)
			.header("webhook-signature", WebhookSignature.of(SECRET).sign(messageId, signed, bytes))
			.POST(BodyPublishers.ofByteArray(bytes))
			.build());
		// A header, not a field of the body: the signature scheme's own 401 answers.
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(Http.json(response).get("reason").asString()).isIn("malformed-timestamp",
				"timestamp-out-of-tolerance");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	static List<String> hostileSignatureTimestamps() {
		return List.of("9223372036854775807", "-9223372036854775808", "-9223372036854775000", DIGITS_400, "1e400",
				"NaN", "-0x1", "1.5");
	}

	@Test
	void refusesABareArrayOfServerEventsSayingWhatToSend() {
		String event = ingest(null, null);
		String array = "[" + event.substring(event.indexOf("[") + 1, event.lastIndexOf("]")) + "]";
		HttpResponse<String> response = postIngest(array);
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).get("detail").asString()).contains("{\"events\":[");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	static List<String> hostileMetadata() {
		List<String> values = new ArrayList<>(UNREPRESENTABLE);
		values.add("[".repeat(300) + "]".repeat(300));
		return values;
	}

	@ParameterizedTest(name = "metadata={0}")
	@MethodSource("hostileMetadata")
	void refusesEachHostileNumberOfATrackingLinkAsNotFound(String value) {
		String token = unsignedLink("{\"metadata\":{\"n\":" + value + "},\"url\":\"https://www.example.com/\"}");
		assertThat(get("/t/open/" + token).statusCode()).isEqualTo(404);
		assertThat(get("/t/click/" + token).statusCode()).isEqualTo(404);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void acceptsTheBaseTrackingLinkSoEachRefusalIsItsValue() {
		String token = unsignedLink("{\"metadata\":{\"n\":1},\"url\":\"https://www.example.com/\"}");
		assertThat(get("/t/open/" + token).statusCode()).isEqualTo(200);
		assertThat(get("/t/click/" + token).statusCode()).isEqualTo(302);
		assertThat(this.handler.deliveries()).hasSize(2);
	}

	@ParameterizedTest(name = "fernet timestamp={0}")
	@MethodSource("hostileFernetTimestamps")
	void refusesAFernetLinkWithAHostileTimestampAsNotFound(long timestamp) {
		ByteBuffer token = ByteBuffer.allocate(1 + 8 + 16 + 16 + 32);
		token.put((byte) 0x80).putLong(timestamp);
		String link = Base64.getUrlEncoder().encodeToString(token.array());
		assertThat(get("/t/click/" + link).statusCode()).isEqualTo(404);
		assertThat(get("/t/open/" + link).statusCode()).isEqualTo(404);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	static List<Long> hostileFernetTimestamps() {
		return List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L);
	}

	private void assertRefused(HttpResponse<String> response, String path) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = Http.json(response);
		assertThat(problem.path("field").asString()).as(response.body()).isEqualTo(path);
		assertThat(problem.path("detail").asString()).contains(path);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	private static String beacon(String field, String value) {
		return fill(BEACON, BEACON_DEFAULTS, field, value);
	}

	private static String ingest(String field, String value) {
		return fill(INGEST, INGEST_DEFAULTS, field, value);
	}

	private static String fill(String template, Map<String, String> defaults, String field, String value) {
		Matcher matcher = Pattern.compile("\\$\\{(\\w+)}").matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			assertThat(defaults).containsKey(name);
			matcher.appendReplacement(out, Matcher.quoteReplacement(name.equals(field) ? value : defaults.get(name)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** A JSON string literal holding the given text, as the SDK's custom event data. */
	private static String json(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String plain(String data) {
		return "{\"data\":" + data + ",\"encrypted\":false}";
	}

	private static String encrypted(String data, long bucket) {
		return BeaconEncoder.withoutServerSecret()
			.encrypt(data.getBytes(StandardCharsets.UTF_8), "site", bucket, "")
			.toString();
	}

	private static long currentBucket() {
		return BeaconEncoder.bucketOf(NOW);
	}

	private static String unsignedLink(String json) {
		return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> postBeacon(String body) {
		return this.http.postJson("/events", body);
	}

	private HttpResponse<String> postIngest(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String messageId = "msg_" + messageIds.incrementAndGet();
		return this.http.send(this.http.request("/events/ingest")
			.header("Content-Type", "application/json")
			.header("webhook-id", messageId)
			.header("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
			.header("webhook-signature", WebhookSignature.of(SECRET).sign(messageId, NOW.getEpochSecond(), bytes))
			.POST(BodyPublishers.ofByteArray(bytes))
			.build());
	}

	private HttpResponse<String> get(String path) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build());
	}

}
