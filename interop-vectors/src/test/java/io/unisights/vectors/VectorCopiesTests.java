package io.unisights.vectors;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The project carries its own copy of the interoperability vectors, so a fresh clone tests
 * with nothing beside it. Where the upstream {@code shared/vectors} folder sits beside the
 * checkout (as it does where the vectors are produced), the copies must still equal it.
 */
class VectorCopiesTests {

	@Test
	void everyCopyIsOnTheClasspathWithVectors() throws Exception {
		assertThat(copiedFileNames()).containsExactlyInAnyOrderElementsOf(InteropVectors.FILES);
		for (String name : InteropVectors.FILES) {
			assertThat(InteropVectors.vectors(name)).as(name).isNotEmpty();
		}
	}

	@Test
	void copiesEqualTheUpstreamVectorsBesideTheCheckout() throws Exception {
		Optional<Path> upstream = upstreamVectors();
		assumeTrue(upstream.isPresent(), "no shared/vectors beside the checkout; nothing to compare with");
		Path folder = upstream.get();
		assertThat(jsonFileNames(folder)).as("vector files in %s", folder)
			.containsExactlyInAnyOrderElementsOf(InteropVectors.FILES);
		for (String name : InteropVectors.FILES) {
			byte[] copy = InteropVectors.bytes(name);
			byte[] original = Files.readAllBytes(folder.resolve(name));
			int mismatch = Arrays.mismatch(copy, original);
			assertThat(mismatch)
				.as("%s differs from %s from line %d on; copy it into interop-vectors/src/main/resources/vectors",
						name, folder.resolve(name), (mismatch < 0) ? 0 : lineOf(original, mismatch))
				.isEqualTo(-1);
		}
	}

	private static int lineOf(byte[] content, int offset) {
		int line = 1;
		for (int i = 0; i < Math.min(offset, content.length); i++) {
			if (content[i] == '\n') {
				line++;
			}
		}
		return line;
	}

	private static List<String> copiedFileNames() throws Exception {
		URL folder = Objects.requireNonNull(InteropVectors.class.getClassLoader().getResource("vectors"),
				"vectors/ on the test classpath");
		return jsonFileNames(Path.of(folder.toURI()));
	}

	private static List<String> jsonFileNames(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString()).filter((name) -> name.endsWith(".json")).toList();
		}
	}

	/** The checkout's root is the nearest folder up from here holding this module. */
	private static Optional<Path> upstreamVectors() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("unisights-core").resolve("pom.xml"))) {
				Path parent = dir.getParent();
				return Optional.ofNullable(parent)
					.map((beside) -> beside.resolve("shared").resolve("vectors"))
					.filter(Files::isDirectory);
			}
		}
		return Optional.empty();
	}

}
