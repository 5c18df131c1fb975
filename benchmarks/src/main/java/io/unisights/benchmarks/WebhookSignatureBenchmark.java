package io.unisights.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.unisights.ingest.WebhookSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a Standard Webhooks signature over a 1 KB server event, against the floor of
 * one bare HMAC-SHA256 over the same bytes with a fresh {@code Mac}; and the same with
 * {@code v1a} (Ed25519, the JDK's provider): signing, verifying, and a header of two
 * signatures under another key checked against two public keys (the worst a rotating
 * sender and receiver make of one request).
 */
@State(Scope.Benchmark)
public class WebhookSignatureBenchmark extends ThroughputBenchmark {

	private final WebhookSignature signature = WebhookSignature.of(WebhookSignature.generateSecret());

	private final WebhookSignature.KeyPair pair = WebhookSignature.generateKeyPair();

	private final WebhookSignature ed25519Sender = WebhookSignature.of(this.pair.privateKey());

	private final WebhookSignature ed25519Receiver = WebhookSignature.of(this.pair.publicKey());

	private final WebhookSignature rotatingReceiver = WebhookSignature.of(
			WebhookSignature.generateKeyPair().publicKey(), WebhookSignature.generateKeyPair().publicKey());

	private String ed25519Header = "";

	private String strangerHeader = "";

	private byte[] body = new byte[0];

	private String timestamp = "";

	private String header = "";

	private final javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[32],
			"HmacSHA256");

	@Setup
	public void setUp() {
		StringBuilder json = new StringBuilder("{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"items\":[");
		while (json.length() < 1000) {
			json.append("{\"sku\":\"SKU-123\",\"quantity\":2,\"price\":19.99},");
		}
		json.append("{}]}}");
		this.body = json.toString().getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		this.timestamp = Long.toString(now);
		this.header = this.signature.sign("msg_1", now, this.body);
		this.ed25519Header = this.ed25519Sender.sign("msg_1", now, this.body);
		this.strangerHeader = this.ed25519Header + " " + this.ed25519Header;
	}

	@Benchmark
	public byte[] bareHmac() throws Exception {
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(this.key);
		return mac.doFinal(this.body);
	}

	@Benchmark
	public boolean verify() {
		this.signature.verify("msg_1", this.timestamp, this.header, this.body);
		return true;
	}

	@Benchmark
	public String signEd25519() {
		return this.ed25519Sender.sign("msg_1", 1_700_000_000L, this.body);
	}

	@Benchmark
	public boolean verifyEd25519() {
		this.ed25519Receiver.verify("msg_1", this.timestamp, this.ed25519Header, this.body);
		return true;
	}

	@Benchmark
	public boolean refuseEd25519TwoByTwo() {
		try {
			this.rotatingReceiver.verify("msg_1", this.timestamp, this.strangerHeader, this.body);
			return true;
		}
		catch (io.unisights.ingest.WebhookVerificationException ex) {
			return false;
		}
	}

}
