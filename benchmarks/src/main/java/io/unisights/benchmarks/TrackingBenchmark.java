package io.unisights.benchmarks;

import java.util.List;

import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;
import io.unisights.tracking.TrackingToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Email tracking: minting and verifying a click token, signed or also encrypted, and
 * rewriting a 30-link HTML email against the floor of a bare jsoup parse of it.
 */
@State(Scope.Benchmark)
public class TrackingBenchmark extends ThroughputBenchmark {

	private static final String KEY = "benchmark-tracking-key-0123456789";

	@Param({ "signed", "encrypted" })
	String protection;

	private TrackingCodec codec = TrackingCodec.builder().keys(List.of(KEY)).build();

	private TrackingLinks links = TrackingLinks.builder(this.codec).baseUrl("https://t.example.com").build();

	private final ObjectNode metadata = JsonMapper.builder().build().createObjectNode();

	private String token = "";

	private final String email = Emails.withLinks(30);

	@Setup
	public void setUp() {
		this.codec = TrackingCodec.builder().keys(List.of(KEY)).encrypt("encrypted".equals(this.protection)).build();
		this.links = TrackingLinks.builder(this.codec).baseUrl("https://t.example.com").build();
		this.metadata.put("campaign", "fall-sale").put("recipient", "r-8841").put("message", "m-1234567");
		this.token = this.codec.encodeClick("https://shop.example.com/p/42?utm_source=email", this.metadata);
	}

	@Benchmark
	public String mintClick() {
		return this.codec.encodeClick("https://shop.example.com/p/42?utm_source=email", this.metadata);
	}

	@Benchmark
	public TrackingToken verifyClick() {
		return this.codec.decode(this.token, TrackingToken.Kind.CLICK);
	}

	@Benchmark
	public String rewriteEmail() {
		return this.links.rewriteHtml(this.email, this.metadata);
	}

	@Benchmark
	public Document bareJsoupParse() {
		return Jsoup.parse(this.email);
	}

}
