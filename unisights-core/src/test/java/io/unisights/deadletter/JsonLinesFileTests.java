package io.unisights.deadletter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesFileTests {

	@TempDir
	Path temp;

	@Test
	void createsTheFileReadableByItsOwnerOnlyAndKeepsEveryLine() throws Exception {
		JsonLinesFile file = JsonLinesFile.at(this.temp.resolve("dead/letters.jsonl"));

		file.append("{\"n\":1}");
		file.append("{\"n\":2}");

		assertThat(file.lines()).containsExactly("{\"n\":1}", "{\"n\":2}");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
		assertThat(JsonLinesFile.at(this.temp.resolve("dead/../dead/letters.jsonl"))).isSameAs(file);
	}

	@Test
	void closesALineACrashCutShortBeforeAppendingTheNext() throws Exception {
		Path path = this.temp.resolve("cut.jsonl");
		Files.writeString(path, "{\"n\":1}\n{\"n\":");

		JsonLinesFile.at(path).append("{\"n\":3}");

		assertThat(Files.readAllLines(path)).containsExactly("{\"n\":1}", "{\"n\":", "{\"n\":3}");
	}

	@Test
	void replaysWhatACrashedReplayLeftFirstThenTheFileEachOnceAndKeepsWhatItHandsBack() throws Exception {
		Path path = this.temp.resolve("replay.jsonl");
		Files.writeString(path.resolveSibling("replay.jsonl.replaying"), "left-1\nleft-2");
		Files.writeString(path, "new-1\n");
		JsonLinesFile file = JsonLinesFile.at(path);
		List<String> seen = new ArrayList<>();

		file.replay((line, number) -> {
			seen.add(number + ":" + line);
			return line.equals("left-2") ? "left-2-again" : null;
		});

		assertThat(seen).containsExactly("1:left-1", "2:left-2", "3:new-1");
		assertThat(file.lines()).containsExactly("left-2-again");
		assertThat(path.resolveSibling("replay.jsonl.replaying")).doesNotExist();
	}

	@Test
	void keepsLinesAppendedWhileAReplayRuns() throws Exception {
		JsonLinesFile file = JsonLinesFile.at(this.temp.resolve("busy.jsonl"));
		file.append("old");

		file.replay((line, number) -> {
			file.append("arrived-meanwhile");
			return null;
		});

		assertThat(file.lines()).containsExactly("arrived-meanwhile");
	}

}
