package io.unisights.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI runs exactly the test command the README gives users: {@code .ci/run} runs the command
 * of the README's "Run every test" block as written, whatever it prepares around it.
 */
class CiScriptTests {

	private static final Pattern TEST_COMMAND = Pattern
		.compile("Run every test \\(what CI runs, see `\\.ci/run`\\):\\s*```bash\\n([^\\n]+)\\n```");

	@Test
	void ciRunsTheReadmesTestCommand() throws IOException {
		Path root = checkoutRoot();
		Matcher readme = TEST_COMMAND.matcher(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
		assertThat(readme.find()).as("README.md's \"Run every test\" block").isTrue();
		String command = readme.group(1).strip();
		List<String> script = Files.readAllLines(root.resolve(".ci").resolve("run"), StandardCharsets.UTF_8)
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(script).as(".ci/run runs the README's test command, %s", command)
			.anySatisfy((line) -> assertThat(line).isIn(command, "exec " + command));
	}

	private static Path checkoutRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve(".ci").resolve("run"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No .ci/run above " + Path.of("").toAbsolutePath());
	}

}
