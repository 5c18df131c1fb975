package io.unisights.spring.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Automation;

/** The user agents of {@code user-agents.tsv}, each with what it must be classified as. */
final class UserAgentCorpus {

	private UserAgentCorpus() {
	}

	static List<Entry> entries() {
		try (InputStream in = UserAgentCorpus.class.getResourceAsStream("user-agents.tsv")) {
			if (in == null) {
				throw new IllegalStateException("No user-agents.tsv beside " + UserAgentCorpus.class);
			}
			List<Entry> entries = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t");
				if (columns.length != 5) {
					throw new IllegalStateException("Not five columns: " + line);
				}
				Automation.Reason reason = columns[0].equals("person") ? null
						: Automation.Reason.fromWireName(columns[0]);
				if (reason == null && !columns[0].equals("person")) {
					throw new IllegalStateException("Unknown verdict " + columns[0]);
				}
				entries.add(new Entry(reason, dash(columns[1]), dash(columns[2]), dash(columns[3]), columns[4]));
			}
			return entries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static @Nullable String dash(String value) {
		return value.equals("-") ? null : value;
	}

	record Entry(Automation.@Nullable Reason reason, @Nullable String browser, @Nullable String os,
			@Nullable String deviceClass, String userAgent) {

		@Override
		public String toString() {
			return ((this.reason != null) ? this.reason.wireName() : "person") + ": " + this.userAgent;
		}

	}

}
