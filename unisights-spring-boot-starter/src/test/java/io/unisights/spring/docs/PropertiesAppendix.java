package io.unisights.spring.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.unisights.spring.UnisightsProperties;

/**
 * Writes {@code docs/properties.md}, the property appendix, from the configuration metadata
 * the build produces for the starter ({@code META-INF/spring-configuration-metadata.json}:
 * what {@code spring-boot-configuration-processor} reads from the properties' javadoc and
 * defaults, merged with {@code additional-spring-configuration-metadata.json}). The page is
 * never edited by hand, so it cannot drift from what IDEs show; {@link PropertiesAppendixDocsTests}
 * fails when the committed page differs from what this class renders.
 * <p>
 * Run {@link #main(String[])} from the checkout (or the command {@link #REGENERATE} names) to
 * write the page again after a property changed.
 */
final class PropertiesAppendix {

	/** The command that writes the page again; the staleness test names it. */
	static final String REGENERATE = "mvn -B -q -pl unisights-spring-boot-starter -am test"
			+ " -Dtest=PropertiesAppendixDocsTests -Dsurefire.failIfNoSpecifiedTests=false -Dunisights.docs.write=true";

	/** Where the page lives, relative to the checkout's root. */
	static final Path PAGE = Path.of("docs", "properties.md");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** The collector's own sections first, then those of the actuator it adds to, each alphabetically. */
	private static final Comparator<String> SECTION_ORDER = Comparator
		.comparing((String section) -> !section.equals("unisights") && !section.startsWith("unisights."))
		.thenComparing(Comparator.naturalOrder());

	/** A javadoc inline tag without nested braces: {@code {@code x}}, {@code {@link Type#member}}. */
	private static final Pattern INLINE_TAG = Pattern.compile("\\{@(code|link|linkplain|literal)\\s+([^{}]*)\\}");

	private static final Pattern QUALIFIED_NAME = Pattern.compile("(?:[a-z_][\\w]*\\.)+([A-Z][\\w$]*)");

	private PropertiesAppendix() {
	}

	/**
	 * Writes the page into the checkout around the working directory.
	 * @param args ignored
	 * @throws IOException if the metadata cannot be read or the page not written
	 */
	public static void main(String[] args) throws IOException {
		Path page = write(checkoutRoot());
		System.out.println("Wrote " + page);
	}

	static Path write(Path root) throws IOException {
		Path page = root.resolve(PAGE);
		Files.createDirectories(page.getParent());
		Files.writeString(page, render(readMetadata()), StandardCharsets.UTF_8);
		return page;
	}

	/** The starter's generated metadata: the copy beside {@link UnisightsProperties}, not another jar's. */
	static JsonNode readMetadata() throws IOException {
		URL own = ownMetadata();
		try (InputStream in = own.openStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

	private static URL ownMetadata() throws IOException {
		String codeSource = UnisightsProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
		List<URL> candidates = new ArrayList<>();
		for (var resources = UnisightsProperties.class.getClassLoader().getResources(METADATA); resources
			.hasMoreElements();) {
			URL candidate = resources.nextElement();
			candidates.add(candidate);
			String location = candidate.toString();
			if (location.startsWith(codeSource) || location.startsWith("jar:" + codeSource)) {
				return candidate;
			}
		}
		throw new IllegalStateException("No " + METADATA + " beside " + codeSource + " (found " + candidates
				+ "); build the starter first so that the configuration processor writes it");
	}

	/**
	 * Renders the page: one section per group of properties ({@code unisights.delivery},
	 * {@code management.health}, …; the collector's own first), one row per property with its type, default and
	 * description, and the values a hint names.
	 * @param metadata the configuration metadata
	 * @return the page's Markdown
	 */
	static String render(JsonNode metadata) {
		Map<String, JsonNode> hints = new LinkedHashMap<>();
		for (JsonNode hint : metadata.path("hints")) {
			hints.put(hint.path("name").asString(), hint);
		}
		List<JsonNode> properties = new ArrayList<>();
		metadata.path("properties").forEach(properties::add);
		properties.sort(Comparator.comparing((JsonNode property) -> property.path("name").asString()));
		Map<String, List<JsonNode>> sections = properties.stream()
			.collect(Collectors.groupingBy(PropertiesAppendix::section, () -> new TreeMap<>(SECTION_ORDER),
					Collectors.toList()));
		StringBuilder page = new StringBuilder();
		page.append("# Configuration properties\n\n")
			.append("<!-- Generated from the starter's configuration metadata by PropertiesAppendix\n")
			.append("     (unisights-spring-boot-starter tests); do not edit. Regenerate with:\n")
			.append("     ")
			.append(REGENERATE)
			.append(" -->\n\n")
			.append("Every property the starter reads, as its configuration metadata describes it: the same\n")
			.append("names, types, defaults and descriptions an IDE completes `application.yml` with. The\n")
			.append("pages of the [reference](../README.md#documentation) explain how they work together.\n")
			.append("A default left empty means the property is unset (or an empty list or map).\n");
		sections.forEach((section, rows) -> {
			page.append("\n## ").append(section).append("\n\n");
			page.append("| property | type | default | description |\n");
			page.append("| --- | --- | --- | --- |\n");
			for (JsonNode property : rows) {
				String name = property.path("name").asString();
				page.append("| `")
					.append(name)
					.append("` | ")
					.append(type(property))
					.append(" | ")
					.append(defaultValue(property))
					.append(" | ")
					.append(description(property, hints))
					.append(" |\n");
			}
		});
		return page.toString();
	}

	/** The first two segments of a name: {@code unisights.delivery.jdbc.lease} is in {@code unisights.delivery}. */
	private static String section(JsonNode property) {
		String[] segments = property.path("name").asString().split("\\.");
		return (segments.length <= 2) ? segments[0] : segments[0] + "." + segments[1];
	}

	private static String type(JsonNode property) {
		JsonNode type = property.path("type");
		if (type.isMissingNode()) {
			return "";
		}
		Matcher names = QUALIFIED_NAME.matcher(type.asString());
		String simple = names.replaceAll((match) -> Matcher.quoteReplacement(match.group(1).replace('$', '.')));
		return "`" + simple + "`";
	}

	private static String defaultValue(JsonNode property) {
		JsonNode value = property.path("defaultValue");
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.isString() ? item.asString() : item.toString()));
			return items.isEmpty() ? "" : "`" + String.join(",", items) + "`";
		}
		return "`" + (value.isString() ? value.asString() : value.toString()) + "`";
	}

	private static String description(JsonNode property, Map<String, JsonNode> hints) {
		List<String> parts = new ArrayList<>();
		parts.add(cell(property.path("description").asString("")));
		String name = property.path("name").asString();
		parts.add(hint(hints.get(name), "Values"));
		parts.add(hint(hints.get(name + ".keys"), "Keys"));
		parts.add(hint(hints.get(name + ".values"), "Values"));
		JsonNode deprecation = property.path("deprecation");
		if (!deprecation.isMissingNode()) {
			String reason = cell(deprecation.path("reason").asString(""));
			String replacement = deprecation.path("replacement").asString("");
			parts.add("**Deprecated**" + (reason.isEmpty() ? "." : ": " + reason)
					+ (replacement.isEmpty() ? "" : " Use `" + replacement + "` instead."));
		}
		return parts.stream().filter((part) -> !part.isEmpty()).collect(Collectors.joining(" "));
	}

	private static String hint(@Nullable JsonNode hint, String label) {
		if (hint == null || hint.path("values").isEmpty()) {
			return "";
		}
		List<String> values = new ArrayList<>();
		for (JsonNode value : hint.path("values")) {
			String described = cell(value.path("description").asString(""));
			values.add("`" + value.path("value").asString() + "`" + (described.isEmpty() ? "" : ": " + described));
		}
		return label + ": " + String.join(" ", values);
	}

	/**
	 * Prose as one table cell: one line ending with a full stop, without column breaks,
	 * emphasis or HTML that the text did not mean. Javadoc's inline {@code {@code …}},
	 * {@code {@link …}} and {@code {@literal …}} tags (left in the descriptions of record
	 * components) become code spans or plain text.
	 */
	static String cell(String text) {
		String line = text.strip().replaceAll("\\s+", " ");
		if (!line.isEmpty() && !line.endsWith(".")) {
			line = line + ".";
		}
		StringBuilder cell = new StringBuilder();
		Matcher tag = INLINE_TAG.matcher(line);
		int plain = 0;
		while (tag.find()) {
			cell.append(escape(line.substring(plain, tag.start())));
			String content = tag.group(2).strip();
			if (tag.group(1).equals("literal")) {
				cell.append(escape(content));
			}
			else {
				String code = tag.group(1).equals("code") ? content : content.replace('#', '.');
				cell.append('`').append(code.replace("|", "\\|")).append('`');
			}
			plain = tag.end();
		}
		return cell.append(escape(line.substring(plain))).toString();
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\")
			.replace("|", "\\|")
			.replace("*", "\\*")
			.replace("`", "\\`")
			.replace("<", "&lt;")
			.replace(">", "&gt;");
	}

	/** The checkout: the nearest directory up from here that holds the core module. */
	static Path checkoutRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("unisights-core")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No checkout (a folder with unisights-core) above "
				+ Path.of("").toAbsolutePath());
	}

}
