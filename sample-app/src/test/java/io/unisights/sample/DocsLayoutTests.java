package io.unisights.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation keeps its shape: a README that fits on a page and points to one
 * reference page per topic under {@code docs/}, a benchmark page of current figures, links
 * and anchors that lead somewhere, and property tables only in the generated appendix.
 */
class DocsLayoutTests {

	private static final int README_MAX_LINES = 250;

	private static final int BENCHMARKS_MAX_LINES = 300;

	private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

	private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

	private static final Pattern PROPERTY_TABLE_HEADER = Pattern.compile("^\\|\\s*property\\s*\\|",
			Pattern.CASE_INSENSITIVE);

	private final Path root = ReadmeJavaBlocksTests.checkoutRoot();

	@Test
	void readmeFitsOnAPage() throws IOException {
		assertThat(lines("README.md").size()).as("lines of README.md: move detail to a page under docs/")
			.isLessThanOrEqualTo(README_MAX_LINES);
	}

	@Test
	void benchmarksKeepCurrentFiguresOnly() throws IOException {
		assertThat(lines("BENCHMARKS.md").size())
			.as("lines of BENCHMARKS.md: keep the current figures, git keeps the history")
			.isLessThanOrEqualTo(BENCHMARKS_MAX_LINES);
	}

	@Test
	void readmeLinksEveryReferencePage() throws IOException {
		String readme = Files.readString(this.root.resolve("README.md"), StandardCharsets.UTF_8);
		List<String> pages = ReadmeJavaBlocksTests.documents(this.root)
			.stream()
			.map(ReadmeJavaBlocksTests.Document::name)
			.filter((name) -> name.startsWith("docs/"))
			.toList();
		assertThat(pages).as("pages under docs/").contains("docs/properties.md", "docs/beacon-endpoint.md");
		assertThat(pages).allSatisfy((page) -> assertThat(readme).as("README.md links %s", page)
			.contains("](" + page + ")"));
	}

	@Test
	void everyRelativeLinkLeadsToAFileAndHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		Map<Path, Set<String>> anchors = new HashMap<>();
		for (Path document : linkedDocuments()) {
			List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
			boolean fenced = false;
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (FENCE.matcher(line).find()) {
					fenced = !fenced;
					continue;
				}
				if (fenced) {
					continue;
				}
				Matcher link = LINK.matcher(withoutCodeSpans(line));
				while (link.find()) {
					String target = link.group(1);
					if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
						continue;
					}
					String where = this.root.relativize(document) + " line " + (i + 1) + ": " + target;
					int hash = target.indexOf('#');
					String file = (hash < 0) ? target : target.substring(0, hash);
					Path linked = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
					if (!Files.exists(linked)) {
						broken.add(where + " (no such file)");
						continue;
					}
					if (hash >= 0 && linked.getFileName().toString().endsWith(".md")) {
						String anchor = target.substring(hash + 1);
						Set<String> headings = anchors.computeIfAbsent(linked, DocsLayoutTests::anchorsOf);
						if (!headings.contains(anchor)) {
							broken.add(where + " (no heading with this anchor; it has " + headings + ")");
						}
					}
				}
			}
		}
		assertThat(broken).as("relative links that lead nowhere").isEmpty();
	}

	@Test
	void propertyTablesAreOnlyInTheGeneratedAppendix() throws IOException {
		List<String> tables = new ArrayList<>();
		for (Path document : linkedDocuments()) {
			String name = this.root.relativize(document).toString().replace('\\', '/');
			if (name.equals("docs/properties.md")) {
				continue;
			}
			List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				if (PROPERTY_TABLE_HEADER.matcher(lines.get(i)).find()) {
					tables.add(name + " line " + (i + 1));
				}
			}
		}
		assertThat(tables)
			.as("hand-written property tables (describe the property in prose and link docs/properties.md,"
					+ " which is generated from the configuration metadata)")
			.isEmpty();
	}

	@Test
	void anchorsFollowGitHubsHeadingIds() {
		assertThat(anchorsOf(String.join("\n", "# Delivery and stores", "## The `EventHandler` contract",
				"```bash", "# not a heading", "```", "## unisights.delivery", "## Limits, and number ranges",
				"## Limits, and number ranges", "### Third pass: reading the SDK's layout (2026-12-01, 12:40)")))
			.containsExactly("delivery-and-stores", "the-eventhandler-contract", "unisightsdelivery",
					"limits-and-number-ranges", "limits-and-number-ranges-1",
					"third-pass-reading-the-sdks-layout-2026-12-01-1240");
	}

	private List<String> lines(String document) throws IOException {
		return Files.readAllLines(this.root.resolve(document), StandardCharsets.UTF_8);
	}

	/** The documents whose links are checked: every compiled document, the changelog and the benchmarks. */
	private List<Path> linkedDocuments() throws IOException {
		List<Path> documents = new ArrayList<>();
		ReadmeJavaBlocksTests.documents(this.root).forEach((document) -> documents.add(document.path()));
		documents.add(this.root.resolve("BENCHMARKS.md"));
		documents.add(this.root.resolve("CHANGELOG.md"));
		return documents;
	}

	private static Set<String> anchorsOf(Path document) {
		try {
			return anchorsOf(Files.readString(document, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + document, ex);
		}
	}

	/** The ids GitHub gives a document's headings: lower case, punctuation dropped, spaces as dashes. */
	static Set<String> anchorsOf(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean fenced = false;
		for (String line : markdown.split("\r?\n")) {
			if (FENCE.matcher(line).find()) {
				fenced = !fenced;
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (fenced || !heading.matches()) {
				continue;
			}
			String text = heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
			String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
			int count = seen.merge(slug, 1, Integer::sum);
			anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
		}
		return anchors;
	}

	private static String withoutCodeSpans(String line) {
		return line.replaceAll("`[^`]*`", "``");
	}

}
