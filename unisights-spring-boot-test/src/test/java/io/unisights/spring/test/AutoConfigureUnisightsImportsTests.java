package io.unisights.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoConfigureUnisightsImportsTests {

	@Test
	void importsEveryAutoConfigurationOfTheStarter() throws IOException {
		List<String> starter = new ArrayList<>();
		ClassLoader loader = getClass().getClassLoader();
		for (URL url : Collections
			.list(loader.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))) {
			lines(url).stream().filter((name) -> name.startsWith("io.unisights.")).forEach(starter::add);
		}
		List<String> kit = lines(loader.getResource("META-INF/spring/" + AutoConfigureUnisights.class.getName() + ".imports"));

		assertThat(starter).isNotEmpty();
		assertThat(kit).containsExactlyInAnyOrderElementsOf(starter);
	}

	private static List<String> lines(URL url) throws IOException {
		try (InputStream in = url.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

}
