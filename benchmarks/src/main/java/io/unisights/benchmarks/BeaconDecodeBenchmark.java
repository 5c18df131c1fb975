package io.unisights.benchmarks;

import java.util.UUID;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.BeaconWireFormat;
import io.unisights.beacon.DecodedBeacon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding and validating a beacon against two floors over the same plain bytes: a bare
 * Jackson streaming pass (every token, no value read: the least any JSON reader pays) and a
 * bare tree parse (what a JSON endpoint that binds to a tree pays).
 */
@State(Scope.Benchmark)
public class BeaconDecodeBenchmark extends ThroughputBenchmark {

	@Param({ "1", "100" })
	int events;

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private byte[] plain = new byte[0];

	private byte[] encrypted = new byte[0];

	private BeaconPayload decoded = BeaconDecoder.builder().build().decode(Beacons.plain(1, UUID.randomUUID())).payload();

	@Setup
	public void setUp() {
		UUID session = UUID.fromString("d78f14bf-eabd-4264-9f3f-506ffec20c5f");
		this.plain = Beacons.plain(this.events, session);
		this.encrypted = Beacons.encrypted(this.events, session);
		this.decoded = this.decoder.decode(this.plain).payload();
	}

	@Benchmark
	public int bareStreamingPass() {
		int tokens = 0;
		try (JsonParser parser = this.mapper.createParser(this.plain)) {
			while (parser.nextToken() != null) {
				tokens++;
			}
		}
		return tokens;
	}

	@Benchmark
	public JsonNode bareParse() {
		return this.mapper.readTree(this.plain);
	}

	@Benchmark
	public DecodedBeacon decodePlain() {
		return this.decoder.decode(this.plain);
	}

	@Benchmark
	public String writeWireForm() {
		return BeaconWireFormat.toJson(this.decoded).toString();
	}

	@Benchmark
	public DecodedBeacon decodeEncrypted() {
		return this.decoder.decode(this.encrypted);
	}

}
