package io.unisights.sample;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The distribution's Chromium (Debian {@code chromium} and {@code chromium-driver}),
 * headless, with a throw-away profile. Paths are explicit so Selenium never looks for, nor
 * downloads, a browser or a driver; {@code -Dsample.chromium=…} and
 * {@code -Dsample.chromedriver=…} point elsewhere.
 */
final class HeadlessChromium implements AutoCloseable {

	// Held so the setting sticks: the tests use WebDriver only, never the DevTools protocol,
	// so Selenium's notice that it has no CDP bindings for this Chromium is noise.
	private static final Logger devtoolsLogger = Logger.getLogger("org.openqa.selenium.devtools");

	private static final Logger chromiumLogger = Logger.getLogger("org.openqa.selenium.chromium");

	private final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static HeadlessChromium start() throws IOException {
		Path browser = Path.of(System.getProperty("sample.chromium", "/usr/bin/chromium"));
		Path chromedriver = Path.of(System.getProperty("sample.chromedriver", "/usr/bin/chromedriver"));
		for (Path executable : new Path[] { browser, chromedriver }) {
			if (!Files.isExecutable(executable)) {
				// Fail, never skip: CI installs both (.ci/run). Locally, run the other tests
				// with -Dtest='!*BrowserTests' -Dsurefire.failIfNoSpecifiedTests=false.
				throw new IllegalStateException(executable + " is missing: the browser tests need Chromium and its "
						+ "driver (apt-get install -y chromium chromium-driver)");
			}
		}
		devtoolsLogger.setLevel(Level.SEVERE);
		chromiumLogger.setLevel(Level.SEVERE);
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
		Path profile = Files.createTempDirectory("sample-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1280,1400", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.withLogOutput(new PrintStream(OutputStream.nullOutputStream()))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		// Bounds, not expectations: a hung browser fails the test instead of the build.
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
		return new HeadlessChromium(driver, profile);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
