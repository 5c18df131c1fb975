package io.unisights.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.unisights.ingest.WebhookSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a Standard Webhooks signature over a 1 KB server event, against the floor of
 * one bare HMAC-SHA256 over the same bytes with a fresh {@code Mac}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WebhookSignatureBenchmark {

	private final WebhookSignature signature = WebhookSignature.of(WebhookSignature.generateSecret());

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

}
