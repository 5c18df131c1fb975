package io.unisights.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;

import io.unisights.beacon.BeaconDecoder;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thread CPU time of decoding a plain beacon against a bare Jackson streaming pass over the
 * same bytes, the minimum of many interleaved batches in one JVM ({@link InterleavedCpuTime}),
 * and the bytes each operation allocates.
 * <p>
 * With a second argument, the decoder compiled in that class directory (for example an
 * older build's {@code unisights-core/target/classes}) runs beside the current one, in its
 * own class loader, so that before and after are measured in the same JVM.
 * <p>
 * With {@code -Ddistinct=true} every title, event name, custom data string, message and
 * source of the body differs from the others (the SDK's shape, none of its repeats), to see
 * what the decoder costs where nothing repeats. With {@code -Dspaced=true} a space follows
 * every colon: the same values, in a layout the SDK never writes, which the decoder leaves
 * to the tree reader. With {@code -Dunicode=true} the page title is text beyond ASCII, as
 * {@code JSON.stringify} sends it: raw UTF-8.
 * <p>
 * {@code java -cp ... io.unisights.benchmarks.DecodeCpuComparison [events [baseline-classes [batches]]]}
 */
public final class DecodeCpuComparison {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DecodeCpuComparison() {
	}

	public static void main(String[] args) throws Throwable {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		String baseline = (args.length > 1 && !args[1].isEmpty()) ? args[1] : null;
		int batches = (args.length > 2) ? Integer.parseInt(args[2]) : 450;
		byte[] body = Beacons.plain(events, UUID.fromString("d78f14bf-eabd-4264-9f3f-506ffec20c5f"));
		if (Boolean.getBoolean("distinct")) {
			body = distinct(body);
		}
		if (Boolean.getBoolean("unicode")) {
			body = new String(body, java.nio.charset.StandardCharsets.UTF_8)
				.replace("\"title\":\"Products\"", "\"title\":\"Produits d\u2019\u00e9t\u00e9 \u2013 \u65e5\u672c\"")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}
		if (Boolean.getBoolean("spaced")) {
			body = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("\":", "\": ")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}
		byte[] input = body;
		InterleavedCpuTime measurement = new InterleavedCpuTime().add("bare streaming pass",
				() -> bareStreamingPass(input));
		if (baseline != null) {
			ToIntFunction<byte[]> other = baselineDecoder(Path.of(baseline));
			measurement.add("decode, baseline", () -> other.applyAsInt(input));
		}
		BeaconDecoder decoder = BeaconDecoder.builder().build();
		measurement.add("decode", () -> decoder.decode(input).payload().events().size());
		int perBatch = Math.max(1, 20 * 100 / Math.max(events, 1));
		List<InterleavedCpuTime.Candidate> candidates = measurement.measure(20_000 / perBatch, batches, perBatch);
		InterleavedCpuTime.Candidate floor = candidates.get(0);
		System.out.printf("%d events, %d bytes, %d batches of %d%n", events, body.length, batches, perBatch);
		for (InterleavedCpuTime.Candidate candidate : candidates) {
			System.out.printf("%-22s min %8.2f us  p10 %8.2f us  ratio %5.2f  (p10 ratio %5.2f)  %,8d B/op%n",
					candidate.name, candidate.nanos(0) / 1000, candidate.nanos(10) / 1000,
					candidate.nanos(0) / floor.nanos(0), candidate.nanos(10) / floor.nanos(10), candidate.allocated);
		}
	}

	/** The body with a number in each value that would otherwise repeat. */
	private static byte[] distinct(byte[] body) {
		java.util.regex.Matcher repeated = java.util.regex.Pattern
			.compile("(\"(?:title|message|source)\":\"[^\"]+|\"name\":\"rage_click|\"data\":\"\\{)")
			.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
		StringBuilder text = new StringBuilder();
		int count = 0;
		while (repeated.find()) {
			String value = repeated.group(1);
			// A custom event's data gets a key of its own; the rest a suffix.
			String replacement = value.endsWith("{") ? value + "\\\"n\\\": " + count + ", " : value + " " + count;
			repeated.appendReplacement(text, java.util.regex.Matcher.quoteReplacement(replacement));
			count++;
		}
		repeated.appendTail(text);
		return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static int bareStreamingPass(byte[] body) {
		int tokens = 0;
		try (JsonParser parser = MAPPER.createParser(body)) {
			while (parser.nextToken() != null) {
				tokens++;
			}
		}
		return tokens;
	}

	private static ToIntFunction<byte[]> baselineDecoder(Path classes) throws Exception {
		ClassLoader loader = new ChildFirst(new URL[] { classes.toUri().toURL() },
				DecodeCpuComparison.class.getClassLoader());
		Class<?> type = Class.forName("io.unisights.beacon.BeaconDecoder", true, loader);
		Object builder = type.getMethod("builder").invoke(null);
		Object decoder = builder.getClass().getMethod("build").invoke(builder);
		MethodHandle decode = MethodHandles.publicLookup()
			.findVirtual(type, "decode", MethodType.methodType(Class.forName("io.unisights.beacon.DecodedBeacon",
					false, loader), byte[].class))
			.bindTo(decoder)
			.asType(MethodType.methodType(Object.class, byte[].class));
		return (bytes) -> {
			try {
				return (decode.invoke(bytes) != null) ? 1 : 0;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	/** Loads the project's classes from the given directory first, everything else from the parent. */
	private static final class ChildFirst extends URLClassLoader {

		ChildFirst(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("io.unisights.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					try {
						loaded = findClass(name);
					}
					catch (ClassNotFoundException ex) {
						loaded = super.loadClass(name, false);
					}
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
