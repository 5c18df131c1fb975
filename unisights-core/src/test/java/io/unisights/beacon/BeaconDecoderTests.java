package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BeaconDecoderTests {

	private static final String SESSION = "550e8400-e29b-41d4-a716-446655440000";

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	@Test
	void decodesEveryEventTypeOfAPlainBody() {
		DecodedBeacon decoded = this.decoder.decode(bytes(plainBody()));
		BeaconPayload payload = decoded.payload();
		assertThat(decoded.encrypted()).isFalse();
		assertThat(decoded.tag()).isNull();
		assertThat(payload.assetId()).isEqualTo("prop_123");
		assertThat(payload.sessionId()).isEqualTo(SESSION);
		assertThat(payload.entryPage()).isNull();
		assertThat(payload.utmParams().source()).isEqualTo("google");
		assertThat(payload.utmParams().get("utm_custom")).isEqualTo("kept");
		assertThat(payload.deviceInfo().screenWidth()).isEqualTo(1920);
		assertThat(payload.deviceInfo().extras()).containsKey("browser");
		assertThat(payload.scrollDepth()).isEqualTo(75.0);
		assertThat(payload.events()).extracting(BeaconEvent::type)
			.containsExactly("page_view", "click", "web_vital", "custom", "error");
		BeaconEvent.WebVital vital = (BeaconEvent.WebVital) payload.events().get(2);
		assertThat(vital.name()).isEqualTo(BeaconEvent.WebVital.Metric.LCP);
		assertThat(vital.rating()).isEqualTo(BeaconEvent.WebVital.Rating.NEEDS_IMPROVEMENT);
		BeaconEvent.Custom custom = (BeaconEvent.Custom) payload.events().get(3);
		assertThat(custom.rawData()).isEqualTo("{\"plan\":\"pro\",\"seats\":3}");
		assertThat(custom.data().get("seats").asInt()).isEqualTo(3);
		BeaconEvent.Error error = (BeaconEvent.Error) payload.events().get(4);
		assertThat(error.lineno()).isEqualTo(42);
		assertThat(error.extras().get("stack").asString()).startsWith("TypeError");
	}

	@Test
	void writesBackExactlyWhatWasSent() {
		ObjectNode body = plainBody();
		BeaconPayload payload = this.decoder.decode(bytes(body)).payload();
		JsonNode written = BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(payload));
		assertThat(written).isEqualTo(body.get("data"));
		assertThat(written.get("scroll_depth").isIntegralNumber()).isTrue();
	}

	@ParameterizedTest(name = "{0} -> {1} at {2}")
	@CsvSource(delimiter = '|', textBlock = """
			/data/asset_id                    | MISSING_FIELD      | data.asset_id
			/data/session_id=not-a-uuid       | INVALID_FIELD      | data.session_id
			/data/page_url=/relative          | INVALID_FIELD      | data.page_url
			/data/page_url=ftp://x.example/   | INVALID_FIELD      | data.page_url
			/data/entry_page=https://         | INVALID_FIELD      | data.entry_page
			/data/exit_page=/relative         | INVALID_FIELD      | data.exit_page
			/data/events/0/data/location=x    | INVALID_FIELD      | data.events[0].data.location
			/data/events                      | MISSING_FIELD      | data.events
			/data/events=oops                 | INVALID_FIELD      | data.events
			/data/scroll_depth=-1             | INVALID_FIELD      | data.scroll_depth
			/data/time_on_page=-1             | INVALID_FIELD      | data.time_on_page
			/data/utm_params/utm_source=3     | INVALID_FIELD      | data.utm_params.utm_source
			/data/device_info/screen_width=-5 | INVALID_FIELD      | data.device_info.screen_width
			/data/events/1/data/x=left        | INVALID_FIELD      | data.events[1].data.x
			/data/events/1/type=hover         | UNKNOWN_EVENT_TYPE | data.events[1].type
			/data/events/1/type               | MISSING_FIELD      | data.events[1].type
			/data/events/0/data/timestamp     | MISSING_FIELD      | data.events[0].data.timestamp
			/data/events/0/data/timestamp=-1  | INVALID_FIELD      | data.events[0].data.timestamp
			/data/events/2/data/name=XYZ      | INVALID_FIELD      | data.events[2].data.name
			/data/events/2/data/rating=meh    | INVALID_FIELD      | data.events[2].data.rating
			/data/events/3/data/data={nope    | INVALID_FIELD      | data.events[3].data.data
			/data/events/4/data/message       | MISSING_FIELD      | data.events[4].data.message
			/data                             | MISSING_FIELD      | data
			""")
	void refusesInvalidPayloadsNamingTheField(String edit, Reason reason, String field) {
		ObjectNode body = plainBody();
		Edits.apply(body, edit);
		assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> this.decoder.decode(bytes(body)))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(reason);
				assertThat(ex.field()).isEqualTo(field);
				assertThat(ex.getMessage()).isNotBlank();
			});
	}

	@Test
	void keepsAScrollDepthAbove100AsSentAndOffersACappedView() {
		ObjectNode body = plainBody();
		Edits.apply(body, "/data/scroll_depth=100.8");
		BeaconPayload payload = this.decoder.decode(bytes(body)).payload();
		assertThat(payload.scrollDepth()).isEqualTo(100.8);
		assertThat(payload.scrollPercent()).isEqualTo(100.0);
		Edits.apply(body, "/data/scroll_depth=4096.25");
		assertThat(this.decoder.decode(bytes(body)).payload().scrollDepth()).isEqualTo(4096.25);
	}

	@Test
	void keepsFloatsOnTheWireAsFloats() {
		ObjectNode body = plainBody();
		Edits.apply(body, "/data/events/0/data/timestamp=1796097600000.5");
		Edits.apply(body, "/data/events/1/data/x=12.75");
		Edits.apply(body, "/data/time_on_page=0.125");
		BeaconPayload payload = this.decoder.decode(bytes(body)).payload();
		assertThat(payload.events().get(0).timestamp()).isEqualTo(1796097600000.5);
		assertThat(((BeaconEvent.Click) payload.events().get(1)).x()).isEqualTo(12.75);
		assertThat(payload.timeOnPage()).isEqualTo(0.125);
	}

	@Test
	void keepsUrlsExactlyAsTheBrowserSerialisedThem() {
		String url = "https://shop_eu.example.com/p|x^y/100%?q={keyword}&r=a|b^c\\d`e&s=50%";
		ObjectNode body = plainBody();
		Edits.apply(body, "/data/page_url=" + url);
		Edits.apply(body, "/data/entry_page=" + url);
		Edits.apply(body, "/data/exit_page=" + url);
		Edits.apply(body, "/data/events/0/data/location=" + url);
		BeaconPayload payload = this.decoder.decode(bytes(body)).payload();
		assertThat(payload.pageUrl()).isEqualTo(url);
		assertThat(payload.entryPage()).isEqualTo(url);
		assertThat(payload.exitPage()).isEqualTo(url);
		assertThat(((BeaconEvent.PageView) payload.events().get(0)).location()).isEqualTo(url);
	}

	@Test
	void acceptsANullEntryPageBeforeTheFirstPageView() {
		ObjectNode body = plainBody();
		((ObjectNode) body.get("data")).putNull("entry_page");
		assertThat(this.decoder.decode(bytes(body)).payload().entryPage()).isNull();
	}

	@Test
	void acceptsAnEmptyEventList() {
		ObjectNode body = plainBody();
		((ObjectNode) body.get("data")).putArray("events");
		assertThat(this.decoder.decode(bytes(body)).payload().events()).isEmpty();
	}

	@Test
	void withoutSchemaValidationPassesUntypableEventsThrough() {
		ObjectNode body = plainBody();
		Edits.apply(body, "/data/events/1/type=hover");
		Edits.apply(body, "/data/events/0/data/timestamp=soon");
		Edits.apply(body, "/data/session_id=not-a-uuid");
		BeaconDecoder lenient = BeaconDecoder.builder().validateSchema(false).build();
		BeaconPayload payload = lenient.decode(bytes(body)).payload();
		assertThat(payload.sessionId()).isEqualTo("not-a-uuid");
		assertThat(payload.events().get(0)).isInstanceOf(BeaconEvent.Unknown.class);
		assertThat(payload.events().get(1)).isInstanceOfSatisfying(BeaconEvent.Unknown.class,
				(unknown) -> assertThat(unknown.type()).isEqualTo("hover"));
		assertThat(BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(payload))).isEqualTo(body.get("data"));
	}

	@Test
	void withoutRequiredFieldValidationAcceptsAMinimalPayloadAndWritesItBackAsSent() {
		BeaconDecoder relaxed = BeaconDecoder.builder().validateRequiredFields(false).build();
		BeaconPayload payload = relaxed.decode(bytes("{\"data\":{}}")).payload();
		assertThat(payload.assetId()).isNull();
		assertThat(payload.events()).isEmpty();
		// Written back as received: nothing was sent, so nothing is made up.
		assertThat(BeaconWireFormat.toJson(payload).propertyNames()).isEmpty();
	}

	@Test
	void refusesBodiesThatAreNotJsonObjects() {
		assertReason(this.decoder, "", Reason.EMPTY_BODY);
		assertReason(this.decoder, " \n", Reason.EMPTY_BODY);
		assertReason(this.decoder, "{\"data\":", Reason.MALFORMED_JSON);
		assertReason(this.decoder, "[1,2]", Reason.MALFORMED_JSON);
		assertReason(this.decoder, "\"text\"", Reason.MALFORMED_JSON);
	}

	@Test
	void decryptsBothEncryptedFormsWithAndWithoutServerSecret() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		BeaconPayload expected = this.decoder.decode(bytes(plainBody())).payload();
		for (String secret : new String[] { null, "s3cret" }) {
			BeaconEncoder encoder = (secret != null) ? BeaconEncoder.withServerSecret(secret)
					: BeaconEncoder.withoutServerSecret();
			BeaconDecoder decoder = BeaconDecoder.builder().serverSecret(secret).build();
			ObjectNode browser = encoder.encrypt(plaintext, "site", 58796865, "abc");
			ObjectNode envelope = encoder.encryptAsEnvelope(plaintext, "site", 58796865, "abc");
			DecodedBeacon fromBrowser = decoder.decode(bytes(browser));
			assertThat(fromBrowser.payload()).isEqualTo(expected);
			assertThat(fromBrowser.encrypted()).isTrue();
			assertThat(fromBrowser.tag()).isEqualTo(browser.get("tag").asString());
			assertThat(decoder.decode(bytes(envelope)).payload()).isEqualTo(expected);
		}
	}

	@Test
	void digestsTheReceivedJsonSoRepeatsCanBeRecognised() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		BeaconEncoder encoder = BeaconEncoder.withoutServerSecret();
		DecodedBeacon first = this.decoder.decode(bytes(encoder.encrypt(plaintext, "site", 10, "")));
		DecodedBeacon replayed = this.decoder.decode(bytes(encoder.encryptAsEnvelope(plaintext, "site", 10, "")));
		DecodedBeacon later = this.decoder.decode(bytes(encoder.encrypt(plaintext, "site", 11, "")));
		assertThat(replayed.contentDigest()).isEqualTo(first.contentDigest()).isEqualTo(first.tag());
		assertThat(later.contentDigest()).isNotEqualTo(first.contentDigest());
		ObjectNode other = plainBody();
		Edits.apply(other, "/data/scroll_depth=76");
		assertThat(this.decoder.decode(bytes(other)).contentDigest())
			.isNotEqualTo(this.decoder.decode(bytes(plainBody())).contentDigest())
			.isEqualTo(this.decoder.decode(bytes(other)).contentDigest());
	}

	@Test
	void readsTheSdksCiphertextFromTheBodyAndNamesItWhereItIsNotBase64() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(sdkBody().get("data"));
		ObjectNode browser = BeaconEncoder.withoutServerSecret().encrypt(plaintext, "site", 1, "");
		BeaconPayload expected = this.decoder.decode(bytes(sdkBody())).payload();
		assertThat(this.decoder.decode(bytes(browser)).payload()).isEqualTo(expected);
		// Escaped solidus, as some writers send it: the same ciphertext, read by the tree reader.
		String escaped = browser.toString().replace(browser.get("data").asString(),
				browser.get("data").asString().replace("/", "\\/"));
		assertThat(escaped).contains("\\/");
		assertThat(this.decoder.decode(escaped.getBytes(StandardCharsets.UTF_8)).payload()).isEqualTo(expected);
		for (String text : new String[] { "%%%not-base64%%%", "QUJD=" }) {
			browser.put("data", text);
			assertThatExceptionOfType(BeaconDecodingException.class)
				.isThrownBy(() -> this.decoder.decode(bytes(browser)))
				.satisfies((ex) -> {
					assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_CIPHERTEXT);
					assertThat(ex.field()).isEqualTo("data");
				});
		}
		browser.put("data", "");
		assertReason(this.decoder, browser.toString(), Reason.NOT_AUTHENTIC);
	}

	@Test
	void refusesAKeyWrappedWithAnotherSecret() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		ObjectNode body = BeaconEncoder.withServerSecret("one").encrypt(plaintext, "site", 1, "");
		BeaconDecoder decoder = BeaconDecoder.builder().serverSecret("two").build();
		assertReason(decoder, body.toString(), Reason.NOT_AUTHENTIC);
		assertReason(this.decoder, body.toString(), Reason.NOT_AUTHENTIC);
	}

	@Test
	void reportsEncryptedFieldsWithTheirPath() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		ObjectNode envelope = BeaconEncoder.withoutServerSecret().encryptAsEnvelope(plaintext, "site", 1, "");
		((ObjectNode) envelope.get("envelope")).remove("site_id");
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> this.decoder.decode(bytes(envelope)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("envelope.site_id"));
		ObjectNode browser = BeaconEncoder.withoutServerSecret().encrypt(plaintext, "site", 1, "");
		browser.put("bucket", "soon");
		assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> this.decoder.decode(bytes(browser)))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).isEqualTo("bucket");
			});
	}

	@Test
	void refusesBucketsFurtherFromNowThanAllowed() {
		Instant now = Instant.parse("2026-11-23T12:00:00Z");
		BeaconDecoder decoder = BeaconDecoder.builder()
			.maxBucketAge(Duration.ofMinutes(2))
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.build();
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		BeaconEncoder encoder = BeaconEncoder.withoutServerSecret();
		long current = BeaconEncoder.bucketOf(now);
		assertThat(decoder.decode(bytes(encoder.encrypt(plaintext, "s", current - 4, ""))).encrypted()).isTrue();
		assertReason(decoder, encoder.encrypt(plaintext, "s", current - 5, "").toString(), Reason.STALE_BUCKET);
		assertReason(decoder, encoder.encrypt(plaintext, "s", current + 5, "").toString(), Reason.STALE_BUCKET);
	}

	@Test
	void refusesABucketNoJavaScriptClockCanNameWithoutOverflowing() {
		BeaconDecoder decoder = BeaconDecoder.builder()
			.maxBucketAge(Duration.ofMinutes(2))
			.clock(Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC))
			.build();
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(plainBody().get("data"));
		for (long bucket : new long[] { Long.MAX_VALUE, BeaconDecoder.MAX_BUCKET + 1 }) {
			ObjectNode body = BeaconEncoder.withoutServerSecret().encrypt(plaintext, "s", 1, "");
			body.put("bucket", bucket);
			assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> decoder.decode(bytes(body)))
				.satisfies((ex) -> {
					assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
					assertThat(ex.field()).isEqualTo("bucket");
				});
		}
	}

	@ParameterizedTest(name = "{0} at {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/data/scroll_depth          | data.scroll_depth
			/data/events/1/data/x       | data.events[1].data.x
			/data/device_info/browser   | data.device_info.browser
			/data/events/4/data/stack   | data.events[4].data.stack
			""")
	void refusesNumbersTooLongOrBeyondADoubleNamingTheFieldPlainAndEncrypted(String pointer, String field) {
		for (String number : new String[] { "1" + "0".repeat(400), "1e400", "-1e400", "1e99999999" }) {
			ObjectNode body = plainBody();
			Edits.apply(body, pointer + "=0");
			String data = BeaconJson.MAPPER.writeValueAsString(body.get("data"));
			// The number is spliced into the text: no JSON writer produces these.
			String hostile = data.replaceFirst("\"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\":0",
					"\"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\":" + number);
			assertThat(hostile).isNotEqualTo(data);
			assertField(this.decoder, "{\"encrypted\":false,\"data\":" + hostile + "}", field);
			ObjectNode encrypted = BeaconEncoder.withoutServerSecret()
				.encrypt(hostile.getBytes(StandardCharsets.UTF_8), "s", 1, "");
			assertField(this.decoder, encrypted.toString(), field);
		}
	}

	@Test
	void refusesCustomDataBeyondTheLimitsNamingTheField() {
		String[] refused = { "[".repeat(257) + "]".repeat(257), "{\"a\":[1e400]}", "{\"a\":1} {\"b\":2}", "{\"a\":",
				"{\"n\":" + "9".repeat(101) + "}" };
		for (String data : refused) {
			ObjectNode body = plainBody();
			((ObjectNode) body.get("data").get("events").get(3).get("data")).put("data", data);
			assertField(this.decoder, body.toString(), "data.events[3].data.data");
		}
		ObjectNode body = plainBody();
		String deepest = "[".repeat(256) + "]".repeat(256);
		((ObjectNode) body.get("data").get("events").get(3).get("data")).put("data", deepest);
		BeaconEvent.Custom custom = (BeaconEvent.Custom) this.decoder.decode(bytes(body)).payload().events().get(3);
		assertThat(custom.rawData()).isEqualTo(deepest);
		assertThat(custom.data()).isNotNull();
	}

	@Test
	void namesTheFieldWhereTheBodyNestsTooDeep() {
		ObjectNode body = plainBody();
		Edits.apply(body, "/data/device_info/browser=0");
		String deep = body.toString().replace("\"browser\":0", "\"browser\":" + "[".repeat(300) + "]".repeat(300));
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> this.decoder.decode(bytes(deep)))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).startsWith("data.device_info.browser[0]");
				assertThat(ex.getMessage()).contains("nests deeper than 256 levels");
			});
	}

	@Test
	void refusesAsARefusedInputKeepingItsTypedReason() {
		assertThatExceptionOfType(io.unisights.wire.RefusedInputException.class)
			.isThrownBy(() -> this.decoder.decode(bytes("{\"data\":{}}")))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.MISSING_FIELD);
				assertThat(ex.field()).isEqualTo("data.asset_id");
			});
	}

	private static void assertField(BeaconDecoder decoder, String body, String field) {
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_FIELD);
				assertThat(ex.field()).as(ex.getMessage()).isEqualTo(field);
				assertThat(ex.getMessage()).startsWith(field + " ");
			});
	}

	@Test
	void refusesInconsistentSettingsWhenBuilt() {
		assertThatIllegalArgumentException().isThrownBy(() -> BeaconDecoder.builder().serverSecret("").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BeaconDecoder.builder().maxBucketAge(Duration.ZERO).build());
	}

	private static void assertReason(BeaconDecoder decoder, String body, Reason reason) {
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	static ObjectNode plainBody() {
		return (ObjectNode) BeaconJson.MAPPER.readTree("""
				{"encrypted": false, "data": {
				  "asset_id": "prop_123", "session_id": "%s",
				  "page_url": "https://example.com/products", "entry_page": null, "exit_page": null,
				  "utm_params": {"utm_source": "google", "utm_medium": "cpc", "utm_custom": "kept"},
				  "device_info": {"user_agent": "Mozilla/5.0", "os": "Linux", "screen_width": 1920,
				                  "screen_height": 1080, "device_type": "Desktop", "browser": "Chrome"},
				  "events": [
				    {"type": "page_view", "data": {"location": "https://example.com/products", "title": "Products",
				                                   "timestamp": 1763900000000}},
				    {"type": "click", "data": {"x": 100, "y": 200.5, "timestamp": 1763900001000}},
				    {"type": "web_vital", "data": {"name": "LCP", "value": 2600.5, "id": "v5-1", "rating": "needs-improvement",
				                                   "delta": 2600.5, "entries": 2, "navigation_type": "navigate",
				                                   "timestamp": 1763900002000}},
				    {"type": "custom", "data": {"name": "signup", "data": "{\\"plan\\":\\"pro\\",\\"seats\\":3}",
				                                "timestamp": 1763900003000}},
				    {"type": "error", "data": {"message": "TypeError: x is undefined", "source": "https://example.com/app.js",
				                               "lineno": 42, "colno": 7, "stack": "TypeError: x\\n at f", "timestamp": 1763900004000}}
				  ],
				  "scroll_depth": 75, "time_on_page": 120.25}}
				""".formatted(SESSION));
	}

	/**
	 * A plain body laid out as the browser SDK writes it: {@code data} first, every key
	 * present and in the SDK's order, {@code device_info} and {@code utm_params} sorted.
	 */
	static ObjectNode sdkBody() {
		return (ObjectNode) BeaconJson.MAPPER.readTree("""
				{"data": {
				  "asset_id": "prop_123", "session_id": "%s",
				  "page_url": "https://example.com/products?q={kw}|x", "entry_page": "https://example.com/",
				  "exit_page": null, "utm_params": {"utm_medium": "cpc", "utm_source": "google"},
				  "device_info": {"device_type": "Desktop", "os": "Linux", "platform": "Linux x86_64",
				                  "referrer": "direct", "screen_height": 1080, "screen_width": 1920,
				                  "user_agent": "Mozilla/5.0"},
				  "events": [
				    {"type": "page_view", "data": {"location": "https://example.com/products", "title": "Products",
				                                   "timestamp": 1763900000000.5}},
				    {"type": "click", "data": {"x": 100, "y": 200.5, "timestamp": 1763900001000}},
				    {"type": "web_vital", "data": {"name": "LCP", "value": 2600.5, "id": "v5-1763900002000-2",
				                                   "rating": "needs-improvement", "delta": 2600.5, "entries": 2,
				                                   "navigation_type": "navigate", "timestamp": 1763900002000}},
				    {"type": "custom", "data": {"name": "signup", "data": "{\\"plan\\":\\"pro\\",\\"seats\\":3}",
				                                "timestamp": 1763900003000}},
				    {"type": "error", "data": {"message": "TypeError: x is undefined", "source": null,
				                               "lineno": null, "colno": 7, "timestamp": 1763900004000}},
				    {"type": "page_view", "data": {"location": "https://example.com/products", "title": null,
				                                   "timestamp": 1763900005000}}
				  ],
				  "scroll_depth": 100.8, "time_on_page": 120.25}, "encrypted": false}
				""".formatted(SESSION));
	}

	private static byte[] bytes(JsonNode json) {
		return BeaconJson.MAPPER.writeValueAsBytes(json);
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
