package io.unisights.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code ```java} block of the project's documentation (README.md, every page under
 * {@code docs/} and the sample's README.md) compiles as written, each on its own as one
 * source file, against this module's test classpath (the starter, core, Spring Boot, the test
 * kit, Jackson): so what a user copies from the documentation compiles in their application.
 * <p>
 * A block is a complete file: an optional {@code package}, its imports and at least one
 * type. The file is named after the block's public top-level type (or, without one, its
 * first type). A block that is deliberately a fragment is preceded, on the line before its
 * fence, by the HTML comment {@code <!-- readme-java: fragment -->}; it is then not compiled.
 * An unmarked block without a type declaration fails, naming its line.
 */
class ReadmeJavaBlocksTests {

	/** The comment that exempts the block after it; README.md states the convention at its top. */
	static final String FRAGMENT_MARKER = "<!-- readme-java: fragment -->";

	private static final Pattern FRAGMENT_COMMENT = Pattern.compile("^\\s*<!--\\s*readme-java:\\s*fragment\\s*-->\\s*$");

	private static final Pattern OPENING_FENCE = Pattern.compile("^(\\s*)```java\\s*$");

	private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

	private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
			"^((?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|final|abstract|sealed|non-sealed|strictfp)\\s+)*)"
					+ "(?:class|interface|enum|record|@interface)\\s+(\\w+)",
			Pattern.MULTILINE);

	@TempDir
	Path output;

	@TestFactory
	Stream<DynamicTest> everyJavaBlockCompilesAsWritten() throws IOException {
		List<Block> blocks = compiledBlocks();
		return blocks.stream()
			.map((block) -> DynamicTest.dynamicTest(
					block.document() + " line " + block.line() + " (" + block.fileName() + ")", () -> compile(block)));
	}

	@Test
	void quickStartIsAmongTheCompiledBlocks() throws IOException {
		assertThat(compiledBlocks()).as("java blocks of README.md that are compiled")
			.filteredOn((block) -> block.document().equals("README.md"))
			.anySatisfy((block) -> assertThat(block.source()).contains("implements EventHandler")
				.contains("onBeacon(BeaconDelivery"));
	}

	@Test
	void referencePagesAreAmongTheCompiledDocuments() throws IOException {
		List<String> documents = documents(checkoutRoot()).stream().map(Document::name).toList();
		assertThat(documents).as("documents whose java blocks are compiled")
			.startsWith("README.md")
			.contains("sample-app/README.md", "docs/delivery.md", "docs/testing.md", "docs/server-events.md");
		assertThat(compiledBlocks()).as("compiled java blocks of docs/testing.md")
			.filteredOn((block) -> block.document().equals("docs/testing.md"))
			.anySatisfy((block) -> assertThat(block.source()).contains("@AutoConfigureUnisights"));
	}

	@Test
	void readsCompleteAndFragmentBlocksApart() {
		String readme = String.join("\n", "# Title", "", "```java", "package a.b;", "", "public record R(int x) {}",
				"```", "", FRAGMENT_MARKER, "```java", "client.send(event);", "```", "", "- item", "",
				"  ```java", "  @Component", "  class Handler implements Runnable {", "      public void run() {}",
				"  }", "  ```");
		List<Block> blocks = blocks(readme);
		assertThat(blocks).hasSize(3);
		assertThat(blocks.get(0)).satisfies((block) -> {
			assertThat(block.line()).isEqualTo(4);
			assertThat(block.fragment()).isFalse();
			assertThat(block.fileName()).isEqualTo("a/b/R.java");
		});
		assertThat(blocks.get(1)).satisfies((block) -> {
			assertThat(block.line()).isEqualTo(11);
			assertThat(block.fragment()).isTrue();
			assertThat(block.fileName()).isNull();
		});
		assertThat(blocks.get(2)).satisfies((block) -> {
			assertThat(block.line()).isEqualTo(17);
			assertThat(block.fileName()).isEqualTo("Handler.java");
			assertThat(block.source()).startsWith("@Component\nclass Handler");
		});
	}

	@Test
	void failsAnUnmarkedFragmentNamingItsLine() {
		Block fragment = blocks(String.join("\n", "intro", "", "```java", "client.send(event);", "```")).get(0);
		assertThat(fragment.fragment()).isFalse();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> compile(fragment))
			.withMessageStartingWith("README.md line 4: a java block must be a complete file");
	}

	@Test
	void namesTheReadmeLineOfACompilerError() throws IOException {
		Block block = blocks(String.join("\n", "intro", "```java", "class Broken {", "    int x = y;", "}", "```"))
			.get(0);
		assertThat(compilerErrors(block)).singleElement()
			.asString()
			.startsWith("README.md line 4: ")
			.contains("y");
	}

	@Test
	void namesTheDocumentAndLineOfABlockOnAReferencePage() throws IOException {
		Block block = blocks("docs/delivery.md", String.join("\n", "# Delivery", "", "```java", "class Broken {",
				"    int x = y;", "}", "```"))
			.get(0);
		assertThat(block.document()).isEqualTo("docs/delivery.md");
		assertThat(compilerErrors(block)).singleElement().asString().startsWith("docs/delivery.md line 5: ");
	}

	private void compile(Block block) throws IOException {
		if (block.fileName() == null) {
			fail("%s line %d: a java block must be a complete file (imports and a type declaration);"
					+ " mark a deliberate fragment with %s on the line before its fence", block.document(),
					block.line(), FRAGMENT_MARKER);
		}
		List<String> errors = compilerErrors(block);
		if (!errors.isEmpty()) {
			fail("%s java block at line %d does not compile as %s:%n%s", block.document(), block.line(),
					block.fileName(), String.join(System.lineSeparator(), errors));
		}
	}

	private List<String> compilerErrors(Block block) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("the JDK's compiler (tests run on a JDK)").isNotNull();
		Path blockDirectory = Files.createTempDirectory(this.output, "block-" + block.line() + "-");
		Path sourceFile = blockDirectory.resolve("src").resolve(block.fileName());
		Files.createDirectories(sourceFile.getParent());
		Files.writeString(sourceFile, block.source(), StandardCharsets.UTF_8);
		Path classes = Files.createDirectories(blockDirectory.resolve("classes"));
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		StringWriter compilerOutput = new StringWriter();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("--release", "17", "-proc:none", "-implicit:none", "-classpath",
					System.getProperty("java.class.path"), "-d", classes.toString());
			boolean compiled = compiler
				.getTask(compilerOutput, files, diagnostics, options, null, files.getJavaFileObjects(sourceFile))
				.call();
			List<String> errors = diagnostics.getDiagnostics()
				.stream()
				.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
				.map((diagnostic) -> block.document() + " line " + (block.line() + diagnostic.getLineNumber() - 1) + ": "
						+ diagnostic.getMessage(Locale.ROOT))
				.collect(Collectors.toCollection(ArrayList::new));
			if (!compiled && errors.isEmpty()) {
				errors.add(block.document() + " line " + block.line() + ": " + compilerOutput);
			}
			return errors;
		}
	}

	private static List<Block> compiledBlocks() throws IOException {
		List<Block> compiled = new ArrayList<>();
		for (Document document : documents(checkoutRoot())) {
			blocks(document.name(), Files.readString(document.path(), StandardCharsets.UTF_8)).stream()
				.filter((block) -> !block.fragment())
				.forEach(compiled::add);
		}
		return compiled;
	}

	/**
	 * The documents whose java blocks are compiled: README.md, the sample's README.md and
	 * every Markdown page under {@code docs/}, in that order (pages by path).
	 */
	static List<Document> documents(Path root) throws IOException {
		List<Document> documents = new ArrayList<>();
		documents.add(new Document("README.md", root.resolve("README.md")));
		Path sample = root.resolve("sample-app").resolve("README.md");
		if (Files.isRegularFile(sample)) {
			documents.add(new Document("sample-app/README.md", sample));
		}
		Path docs = root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> pages = Files.walk(docs)) {
				pages.filter((page) -> Files.isRegularFile(page) && page.getFileName().toString().endsWith(".md"))
					.sorted()
					.forEach((page) -> documents
						.add(new Document(root.relativize(page).toString().replace('\\', '/'), page)));
			}
		}
		return documents;
	}

	/** The checkout: the nearest folder up from here with a README.md beside the core module. */
	static Path checkoutRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("unisights-core"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No README.md beside unisights-core above " + Path.of("").toAbsolutePath());
	}

	static List<Block> blocks(String markdown) {
		return blocks("README.md", markdown);
	}

	static List<Block> blocks(String document, String markdown) {
		String[] lines = markdown.split("\r?\n", -1);
		List<Block> blocks = new ArrayList<>();
		for (int i = 0; i < lines.length; i++) {
			Matcher fence = OPENING_FENCE.matcher(lines[i]);
			if (!fence.matches()) {
				continue;
			}
			String indent = fence.group(1);
			boolean fragment = i > 0 && FRAGMENT_COMMENT.matcher(lines[i - 1]).matches();
			StringBuilder source = new StringBuilder();
			int first = i + 1;
			int end = first;
			while (end < lines.length && !lines[end].strip().equals("```")) {
				String line = lines[end];
				source.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
					.append('\n');
				end++;
			}
			if (end == lines.length) {
				throw new IllegalStateException(document + " line " + (i + 1) + ": java block is never closed");
			}
			blocks.add(new Block(document, first + 1, source.toString(), fragment));
			i = end;
		}
		return blocks;
	}

	/**
	 * A Markdown document of the checkout.
	 * @param name its path from the checkout's root, with forward slashes
	 * @param path where it is
	 */
	record Document(String name, Path path) {

	}

	/**
	 * One {@code ```java} block.
	 * @param document the document it is in, by its path from the checkout's root
	 * @param line line of the block's first line of code in that document (1-based)
	 * @param source the code, the fence's indentation removed
	 * @param fragment whether the block is marked as a fragment
	 */
	record Block(String document, int line, String source, boolean fragment) {

		/** Path of the source file the block must be, or {@code null} when it declares no type. */
		@Nullable String fileName() {
			String first = null;
			Matcher type = TOP_LEVEL_TYPE.matcher(this.source);
			while (type.find()) {
				if (type.group(1).contains("public")) {
					first = type.group(2);
					break;
				}
				if (first == null) {
					first = type.group(2);
				}
			}
			if (first == null) {
				return null;
			}
			Matcher pkg = PACKAGE.matcher(this.source);
			String directory = pkg.find() ? pkg.group(1).replace('.', '/') + '/' : "";
			return directory + first + ".java";
		}

	}

}
