package io.unisights.spring.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconSource;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.Automation;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.ingest.IngestAutoConfiguration;
import io.unisights.spring.test.SharedVectors;
import io.unisights.spring.tracking.TrackingAutoConfiguration;
import io.unisights.tracking.TrackingToken;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a worker takes from a store is what the endpoint accepted: every channel through
 * the compact form, beacons read again from the JSON they were accepted from, items written
 * by earlier versions as JSON, and the memory store's items held as they are.
 */
class DeliveryCodecTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final RequestContext CONTEXT = new RequestContext("203.0.113.7", "Mozilla/5.0 (X11; Linux) ü",
			"https://shop.example.com", Instant.parse("2026-12-01T10:15:30.123456789Z"));

	private static final Instant SENT = Instant.parse("2026-11-30T08:00:00Z");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class,
				TrackingAutoConfiguration.class, IngestAutoConfiguration.class))
		.withPropertyValues("unisights.tracking.keys=codec-test-key-0123456789abcdef",
				"unisights.ingest.secrets=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	private DeliveryCodec codec;

	@BeforeEach
	void restorersOfEveryChannel() {
		List<DeliveryRestorer> restorers = new ArrayList<>();
		this.contextRunner.run((context) -> restorers.addAll(context.getBeansOfType(DeliveryRestorer.class).values()));
		assertThat(restorers).extracting(DeliveryRestorer::channel).hasSize(4);
		this.codec = new DeliveryCodec(restorers);
	}

	@Test
	void restoresAPlainBeaconAsAcceptedFromTheBodyAsSent() {
		byte[] body = Beacons.body(7).getBytes(StandardCharsets.UTF_8);
		DecodedBeacon decoded = this.decoder.decode(body);
		BeaconDelivery accepted = new BeaconDelivery("b-1", decoded.payload(), CONTEXT, decoded.contentDigest());

		StoredDelivery stored = this.codec.store(accepted, decoded.source());

		assertThat(stored.held()).isNull();
		assertThat(stored.size()).isEqualTo(stored.bytes().length);
		assertThat(new String(stored.bytes(), StandardCharsets.UTF_8)).contains(Beacons.body(7));
		assertThat(this.codec.restore(stored)).isEqualTo(accepted);
		assertThat(this.codec.decode(stored.bytes())).isEqualTo(accepted);
	}

	@Test
	void restoresEveryEncryptedSdkVectorAsAcceptedFromItsPlaintext() {
		int restored = 0;
		for (JsonNode vector : SharedVectors.vectors("unisights-encryption.json")) {
			if (vector.get("expect").get("status").asInt() != 200) {
				continue;
			}
			BeaconDecoder decoder = BeaconDecoder.builder()
				.serverSecret(vector.has("server_secret") ? vector.get("server_secret").asString() : null)
				.build();
			DecodedBeacon decoded = decoder.decode(mapper.writeValueAsBytes(vector.get("body")));
			BeaconDelivery accepted = new BeaconDelivery("v-" + restored, decoded.payload(), CONTEXT,
					decoded.contentDigest());

			StoredDelivery stored = this.codec.store(accepted, decoded.source());

			assertThat(this.codec.restore(stored)).as(vector.get("name").asString()).isEqualTo(accepted);
			if (decoded.encrypted()) {
				assertThat(decoded.source().form()).isEqualTo(BeaconSource.Form.PLAINTEXT);
				restored++;
			}
		}
		assertThat(restored).isGreaterThanOrEqualTo(3);
	}

	@Test
	void restoresOpensClicksAndServerEventsAsAccepted() {
		for (Delivery accepted : List.of(open(), click(), ingest())) {
			StoredDelivery stored = this.codec.store(accepted, null);
			assertThat(this.codec.restore(stored)).isEqualTo(accepted);
			assertThat(this.codec.hold(accepted, null).held()).as("held encoded in memory").isNull();
		}
	}

	@Test
	void restoresABeaconWithoutItsSourceFromItsWireForm() {
		BeaconDelivery accepted = Beacons.delivery("b-2", 3);
		Delivery restored = this.codec.restore(this.codec.store(accepted, null));
		assertThat(restored).isInstanceOfSatisfying(BeaconDelivery.class,
				(beacon) -> assertThat(beacon.payload()).isEqualTo(accepted.payload()));
	}

	@Test
	void restoresItemsThatEarlierVersionsWroteAsJson() {
		// The queued-item form of earlier versions, byte for byte as they wrote it.
		String context = "\"context\":{\"client_ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0\",\"origin\":null,"
				+ "\"received_at\":\"2025-01-01T00:00:00Z\"}";
		RequestContext then = new RequestContext("203.0.113.7", "Mozilla/5.0", null,
				Instant.parse("2025-01-01T00:00:00Z"));
		BeaconDelivery beacon = Beacons.delivery("old-1", 4);
		String beaconItem = "{\"id\":\"old-1\",\"channel\":\"beacon\"," + context + ",\"payload\":" + beacon.wireData()
				+ "}";
		OpenDelivery open = new OpenDelivery("old-2", open().token(), Automation.NONE, then);
		String openItem = "{\"id\":\"old-2\",\"channel\":\"open\"," + context + ",\"payload\":" + open.wireData() + "}";
		IngestDelivery event = IngestDelivery.of(ingest().event(), then);
		String ingestItem = "{\"id\":\"" + event.id() + "\",\"channel\":\"ingest\"," + context + ",\"payload\":"
				+ event.wireData() + "}";

		assertThat(this.codec.decode(bytes(beaconItem)))
			.isEqualTo(new BeaconDelivery("old-1", beacon.payload(), then));
		assertThat(this.codec.decode(bytes(openItem))).isEqualTo(open);
		assertThat(this.codec.decode(bytes(ingestItem))).isEqualTo(event);
	}

	@Test
	void holdsTheSdksBeaconsAsAcceptedCountedByTheirSource() {
		byte[] body = Beacons.body(9).getBytes(StandardCharsets.UTF_8);
		DecodedBeacon decoded = this.decoder.decode(body);
		BeaconDelivery accepted = new BeaconDelivery("b-3", decoded.payload(), CONTEXT, decoded.contentDigest());

		StoredDelivery held = this.codec.hold(accepted, decoded.source());

		assertThat(held.held()).isSameAs(accepted);
		assertThat(held.bytes()).isEmpty();
		assertThat(held.size()).isEqualTo(body.length);
		assertThat(this.codec.restore(held)).isSameAs(accepted);
	}

	@Test
	void holdsBeaconsWhoseUnknownKeysHoldTreesEncoded() {
		String body = DeliveryMemoryBoundTests.largeBeacon(1).replace("{},".repeat(330_000), "{},".repeat(3));
		DecodedBeacon decoded = this.decoder.decode(body.getBytes(StandardCharsets.UTF_8));
		BeaconDelivery accepted = new BeaconDelivery("b-4", decoded.payload(), CONTEXT, decoded.contentDigest());

		StoredDelivery held = this.codec.hold(accepted, decoded.source());

		assertThat(held.held()).isNull();
		assertThat(held.size()).isEqualTo(held.bytes().length).isGreaterThan(body.length());
		assertThat(this.codec.restore(held)).isEqualTo(accepted);
	}

	@Test
	void deadLettersABeaconThatNoLongerReadsWithItsDataAsSent() {
		BeaconSource notABeacon = BeaconSource.of(BeaconSource.Form.PLAINTEXT, bytes("{\"asset_id\":5}"));
		BeaconDelivery accepted = Beacons.delivery("b-5", 1);
		byte[] stored = this.codec.encode(accepted, notABeacon);

		assertThatExceptionOfType(DeliveryCodec.UnrestorableException.class)
			.isThrownBy(() -> this.codec.decode(stored))
			.satisfies((ex) -> {
				assertThat(ex.envelope()).isEqualTo(new DeliveryEnvelope("b-5", accepted.channel(), accepted.context()));
				assertThat(ex.payload()).isEqualTo(mapper.readTree("{\"asset_id\":5}"));
				assertThat(ex.getMessage()).contains("asset_id");
			});
	}

	@Test
	void refusesBytesInNoKnownForm() {
		assertThatIllegalStateException().isThrownBy(() -> this.codec.decode(new byte[] { 9, 0, 0, 0, 0, 0 }));
		assertThatIllegalStateException().isThrownBy(() -> this.codec.decode(new byte[] { 1, 1, 0, 0, 0, 99 }))
			.withMessageContaining("header length");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.codec.decode(new byte[] { 1, 1, 0, 0, 0, 4, 0x7f, (byte) 0xff, 0, 0 }))
			.withMessageContaining("no readable header");
		assertThatIllegalStateException().isThrownBy(() -> this.codec.decode(bytes("{\"id\":\"x\"}")))
			.withMessageContaining("context");
	}

	private static OpenDelivery open() {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("message_id", "m-3").put("recipient", "r-9");
		TrackingToken token = new TrackingToken(TrackingToken.Kind.OPEN, metadata, null, SENT, SENT.plusSeconds(86400),
				"k1", TrackingToken.Format.NATIVE, null);
		return new OpenDelivery("o-1", token, Automation.because(Automation.Reason.TOO_FAST), CONTEXT);
	}

	private static ClickDelivery click() {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("message_id", "m-3").put("n", 7);
		TrackingToken token = new TrackingToken(TrackingToken.Kind.CLICK, metadata, "https://shop.example.com/a?b=c",
				SENT, null, "k1", TrackingToken.Format.NATIVE, null);
		return new ClickDelivery("c-1", token, Automation.NONE, CONTEXT);
	}

	private static IngestDelivery ingest() {
		CanonicalEvent event = CanonicalEvent.builder("order.created")
			.id("evt-1")
			.source("shop")
			.identity("u-7")
			.occurredAt(SENT)
			.data("total", 42)
			.data("sku", "A-1")
			.build();
		return IngestDelivery.of(event, CONTEXT);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
