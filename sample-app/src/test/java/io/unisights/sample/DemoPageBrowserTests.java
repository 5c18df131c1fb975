package io.unisights.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.EventsClient;
import io.unisights.ingest.SendResult;
import io.unisights.sample.DemoServerConfiguration.DemoPort;
import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pages in headless Chromium: the demo page's beacons, plain and encrypted, cross
 * from the demo port to the collector on the main port, are stored, and show on the
 * dashboard beside a server event; the email demo's message records its open when shown and
 * its click, which redirects to the link's target. The dashboard asks for the demo
 * user's login first.
 * <p>
 * With {@code -Dsample.screenshots=DIR} the dashboard and the demo page are also saved as
 * PNG files there (the pictures of sample-app/README.md).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
// Only so that the dashboard's picture shows every channel: each test stands alone.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPageBrowserTests {

	// Upper bounds for a loaded machine; waits end as soon as the condition holds.
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** A desktop Chrome, as {@link SdkBeacon}'s {@code device_info} reports it. */
	private static final String PERSON_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
			+ "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

	private static HeadlessChromium chromium;

	@LocalServerPort
	int port;

	@Autowired
	DemoPort demoPort;

	@Autowired
	JdbcClient jdbc;

	@Value("${unisights.ingest.secrets[0]}")
	String ingestSecret;

	private ChromeDriver browser;

	@BeforeAll
	static void startBrowser() throws IOException {
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@BeforeEach
	void useBrowser() {
		this.browser = chromium.driver();
	}

	@Test
	@Order(1)
	void plainBeaconFromTheDemoPageReachesTheStoreAcrossOrigins() {
		String session = openDemoPage("?utm_source=newsletter&utm_campaign=plain");
		this.browser.findElement(By.id("buy")).click();
		this.browser.findElement(By.id("break")).click();
		this.browser.executeScript("window.scrollTo(0, document.documentElement.scrollHeight)");
		waitInBrowser("window.unisightsDemo.scrollDepth() === 100");

		Map<String, Object> sent = flush(false);

		assertThat(sent.get("queued")).isEqualTo(true);
		StoredBeacon stored = awaitStored(session);
		assertThat(stored.origin()).isEqualTo(demoOrigin()).isNotEqualTo(collectorOrigin());
		JsonNode data = stored.data();
		assertThat(data.get("asset_id").asString()).isEqualTo("unisights-demo");
		assertThat(data.get("page_url").asString()).startsWith(demoOrigin() + "/demo/?");
		assertThat(data.get("utm_params").get("utm_campaign").asString()).isEqualTo("plain");
		assertThat(data.get("scroll_depth").asInt()).isEqualTo(100);
		assertThat(data.get("device_info").get("user_agent").asString()).contains("Chrome");
		assertThat(eventTypes(data)).contains("page_view", "click", "error");
		assertThat(clicks(data)).hasSizeGreaterThanOrEqualTo(2);
		JsonNode error = events(data, "error").get(0);
		assertThat(error.get("message").asString()).contains("Demo checkout failed: basket is undefined");
		assertThat(error.get("source").asString()).isEqualTo(demoOrigin() + "/demo/unisights-demo.js");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM delivery_event WHERE session_key = ? AND type = 'error'")
			.param(session)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	@Order(2)
	void encryptedBeaconFromTheDemoPageIsDecryptedAndStored() {
		String session = openDemoPage("?utm_campaign=encrypted");

		Map<String, Object> sent = flush(true);

		assertThat(sent.get("queued")).isEqualTo(true);
		JsonNode body = mapper.valueToTree(sent.get("body"));
		assertThat(body.get("encrypted").asBoolean()).isTrue();
		assertThat(body.get("data").isString()).isTrue();
		assertThat(body.get("data").asString()).doesNotContain(session);
		assertThat(body.get("tag").asString()).hasSize(44);
		assertThat(body.get("site_id").asString()).isEqualTo("unisights-demo");
		assertThat(body.get("ua_hash").asString()).matches("[0-9a-f]{16}");
		StoredBeacon stored = awaitStored(session);
		assertThat(stored.origin()).isEqualTo(demoOrigin());
		assertThat(stored.data().get("session_id").asString()).isEqualTo(session);
		assertThat(stored.data().get("utm_params").get("utm_campaign").asString()).isEqualTo("encrypted");
		assertThat(eventTypes(stored.data())).contains("page_view", "web_vital");
		assertThat(events(stored.data(), "web_vital")).extracting((vital) -> vital.get("name").asString())
			.contains("TTFB");
	}

	@Test
	@Order(3)
	void emailDemoRecordsTheOpenAndTheClickThatRedirects() throws IOException {
		this.browser.get(collectorOrigin() + "/email/");
		this.browser.findElement(By.id("rewrite")).click();
		waitInBrowser("document.body.dataset.messageId !== undefined");
		String messageId = (String) this.browser.executeScript("return document.body.dataset.messageId");
		String rewritten = this.browser.findElement(By.id("rewritten")).getText();
		assertThat(rewritten).contains(collectorOrigin() + "/t/click/")
			.contains(collectorOrigin() + "/t/open/")
			.contains("href=\"mailto:help@example.com\"")
			.contains("href=\"" + collectorOrigin() + "/email/landing.html?unsubscribe=1\" data-unisights-notrack");

		// Rendering the message in the page's inbox frame loads its pixel.
		JsonNode open = awaitTracked("open", messageId);
		assertThat(open.get("tracked_url").isNull()).isTrue();
		assertThat(open.get("metadata").get("campaign").asString()).isEqualTo("newsletter");
		Path screenshots = screenshotDirectory();
		if (screenshots != null) {
			save(screenshots.resolve("email-demo.png"));
		}
		this.browser.switchTo().frame("inbox");
		this.browser.findElement(By.linkText("spring collection")).click();
		this.browser.switchTo().defaultContent();
		new WebDriverWait(this.browser, PATIENCE)
			.until((driver) -> driver.getCurrentUrl().endsWith("/email/landing.html?offer=spring"));

		assertThat(this.browser.getCurrentUrl()).isEqualTo(collectorOrigin() + "/email/landing.html?offer=spring");
		assertThat(this.browser.findElement(By.id("landing")).getText()).contains("You followed a tracked link");
		JsonNode click = awaitTracked("click", messageId);
		assertThat(click.get("tracked_url").asString()).isEqualTo(collectorOrigin() + "/email/landing.html?offer=spring");
		assertThat(click.get("automated").isBoolean()).isTrue();

		openDashboard();
		assertThat(this.browser.findElement(By.cssSelector("[data-channel='click']")).getText())
			.contains(collectorOrigin() + "/email/landing.html?offer=spring")
			.contains(messageId);
		assertThat(this.browser.findElement(By.cssSelector("[data-channel='open']")).getText()).contains(messageId);
	}

	@Test
	@Order(4)
	void dashboardShowsWhatTheDemoPageSent() throws IOException {
		String session = openDemoPage("?utm_campaign=dashboard");
		this.browser.findElement(By.id("buy")).click();
		this.browser.findElement(By.id("break")).click();
		flush(false);
		awaitStored(session);
		SendResult serverEvent = EventsClient.builder()
			.baseUrl(collectorOrigin())
			.secret(this.ingestSecret)
			.maxAttempts(1)
			.build()
			.send(CanonicalEvent.builder("order.created").source("shop").identity("cus_42")
				.data("total", 99.9).data("currency", "EUR").build());
		assertThat(serverEvent.isSuccess()).as(String.valueOf(serverEvent)).isTrue();
		Path screenshots = screenshotDirectory();
		if (screenshots != null) {
			save(screenshots.resolve("demo-page.png"));
		}

		openDashboard();

		assertThat(this.browser.findElement(By.id("top-pages")).getText()).contains(demoOrigin() + "/demo/");
		assertThat(this.browser.findElement(By.id("errors")).getText())
			.contains("Demo checkout failed: basket is undefined");
		assertThat(this.browser.findElements(By.cssSelector("#vitals .vital[data-metric='TTFB']"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector("#vitals .vital[data-metric='TTFB']"))
			.getAttribute("data-rating")).isIn("good", "needs-improvement", "poor");
		assertThat(((Number) this.browser.executeScript(
				"return Chart.getChart('timeline').data.datasets[1].data.reduce((a, b) => a + b, 0)")).longValue())
			.isGreaterThanOrEqualTo(1);
		assertThat(Long.parseLong(
				this.browser.findElement(By.cssSelector("[data-total='beacons'] .value")).getText()))
			.isGreaterThanOrEqualTo(1);
		assertThat(this.browser.findElement(By.cssSelector("[data-channel='ingest']")).getText())
			.contains("order.created");
		assertThat(this.browser.findElement(By.id("demo-link")).getAttribute("href"))
			.isEqualTo("http://127.0.0.1:" + this.demoPort.localPort() + "/demo/");
		if (screenshots != null) {
			save(screenshots.resolve("dashboard.png"));
		}
	}

	@Test
	@Order(5)
	void dashboardShowsPeopleAndMachinesApartAndTheShareWithAPrivacySignal() throws Exception {
		// Headless Chromium says so in its user agent: its beacon is the machine's.
		String headless = openDemoPage("?utm_campaign=automation");
		flush(false);
		awaitStored(headless);
		// The SDK may have flushed the session twice (a timer, a hidden page): every beacon
		// of it is the machine's.
		assertThat(this.jdbc.sql("SELECT automation FROM delivery WHERE partition_key = ?")
			.param(headless)
			.query(String.class)
			.list()).isNotEmpty().containsOnly("headless-browser");
		// A person's browser, sending Global Privacy Control.
		SdkBeacon person = SdkBeacon.builder().pageView("Shop").timeOnPage(5).build();
		HttpResponse<Void> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(collectorOrigin() + "/events"))
				.header("Content-Type", "text/plain;charset=UTF-8")
				.header("User-Agent", PERSON_USER_AGENT)
				.header("Sec-GPC", "1")
				.POST(HttpRequest.BodyPublishers.ofString(person.plainBody()))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(answer.statusCode()).isEqualTo(200);
		awaitStored(person.sessionId());
		assertThat(this.jdbc.sql("SELECT automation IS NULL AND privacy_signals = 'gpc' FROM delivery "
				+ "WHERE partition_key = ?")
			.param(person.sessionId())
			.query(Boolean.class)
			.single()).isTrue();

		openDashboard();

		long beacons = total("beacons");
		long people = total("beacons-people");
		long machines = total("beacons-automated");
		assertThat(people).isPositive();
		assertThat(machines).isPositive();
		assertThat(people + machines).isEqualTo(beacons);
		String privacy = this.browser.findElement(By.cssSelector("[data-total='privacy-signals']")).getText();
		Matcher share = Pattern.compile("(\\d+)%\\s+With GPC/DNT \\((\\d+) of (\\d+)\\)").matcher(privacy);
		assertThat(share.find()).as(privacy).isTrue();
		long signalled = Long.parseLong(share.group(2));
		long requests = Long.parseLong(share.group(3));
		assertThat(signalled).isPositive().isLessThan(requests);
		assertThat(requests).isGreaterThanOrEqualTo(beacons);
		assertThat(Long.parseLong(share.group(1))).isEqualTo(Math.round(100.0 * signalled / requests));
	}

	private long total(String card) {
		return Long.parseLong(
				this.browser.findElement(By.cssSelector("[data-total='" + card + "'] .value")).getText().trim());
	}

	/**
	 * Opens the dashboard, logging in as the demo user when the sample asks for it: the
	 * dashboard shows collected data, and the sample shows it to its login only.
	 */
	private void openDashboard() {
		this.browser.get(collectorOrigin() + "/?minutes=15");
		if (this.browser.getCurrentUrl().startsWith(collectorOrigin() + "/login")) {
			assertThat(this.browser.findElements(By.id("timeline"))).isEmpty();
			this.browser.findElement(By.id("username")).sendKeys(DemoLogin.USER);
			this.browser.findElement(By.id("password")).sendKeys(DemoLogin.PASSWORD);
			this.browser.findElement(By.cssSelector("button[type='submit']")).click();
			new WebDriverWait(this.browser, PATIENCE).withMessage(() -> "logging in as the demo user")
				.until((driver) -> driver.getCurrentUrl().startsWith(collectorOrigin() + "/?minutes=15"));
		}
		waitInBrowser("Number(document.body.dataset.renders) >= 1");
	}

	/**
	 * Opens the demo page in a fresh session.
	 * @return the page's session id
	 */
	private String openDemoPage(String query) {
		this.browser.get(demoOrigin() + "/demo/" + query);
		this.browser.executeScript("sessionStorage.clear()");
		this.browser.navigate().refresh();
		waitInBrowser("window.unisightsDemo !== undefined");
		return (String) this.browser.executeScript("return window.unisightsDemo.sessionId");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> flush(boolean encrypted) {
		return (Map<String, Object>) this.browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.unisightsDemo.flush({encrypted: arguments[0]}).then(done, (e) => done({error: String(e)}));
				""", encrypted);
	}

	private void waitInBrowser(String condition) {
		new WebDriverWait(this.browser, PATIENCE).withMessage(() -> "waiting in the browser for " + condition)
			.until((driver) -> Boolean.TRUE.equals(this.browser.executeScript("return " + condition)));
	}

	private StoredBeacon awaitStored(String session) {
		// sendBeacon returns before the request is made: poll the store. The SDK may also
		// have flushed on its own (a timer, a hidden page), so the session can hold more
		// than one beacon: the first stored is the one checked.
		return new FluentWait<>(this.jdbc).withTimeout(PATIENCE)
			.pollingEvery(Duration.ofMillis(100))
			.withMessage(() -> "no beacon of session " + session + " stored")
			.until((jdbc) -> jdbc.sql("SELECT origin, payload FROM delivery WHERE partition_key = ? ORDER BY seq")
				.param(session)
				.query((rs, rowNum) -> new StoredBeacon(rs.getString("origin"), mapper.readTree(rs.getString("payload"))))
				.list()
				.stream()
				.findFirst()
				.orElse(null));
	}

	private JsonNode awaitTracked(String channel, String messageId) {
		return new FluentWait<>(this.jdbc).withTimeout(PATIENCE)
			.pollingEvery(Duration.ofMillis(100))
			.withMessage(() -> "no " + channel + " of message " + messageId + " stored")
			.until((jdbc) -> jdbc.sql("SELECT payload FROM delivery WHERE channel = ? ORDER BY seq")
				.param(channel)
				.query((rs, rowNum) -> mapper.readTree(rs.getString("payload")))
				.list()
				.stream()
				.filter((data) -> isMessage(data, messageId))
				.findFirst()
				.orElse(null));
	}

	private static boolean isMessage(JsonNode tracked, String messageId) {
		// Other tests' links carry other metadata, or none of this shape.
		JsonNode id = tracked.path("metadata").get("message_id");
		return id != null && id.isString() && messageId.equals(id.stringValue());
	}

	private String demoOrigin() {
		return "http://127.0.0.1:" + this.demoPort.localPort();
	}

	private String collectorOrigin() {
		return "http://127.0.0.1:" + this.port;
	}

	private static List<String> eventTypes(JsonNode data) {
		List<String> types = new ArrayList<>();
		data.get("events").forEach((event) -> types.add(event.get("type").asString()));
		return types;
	}

	private static List<JsonNode> events(JsonNode data, String type) {
		List<JsonNode> matching = new ArrayList<>();
		data.get("events").forEach((event) -> {
			if (type.equals(event.get("type").asString())) {
				matching.add(event.get("data"));
			}
		});
		return matching;
	}

	private static List<JsonNode> clicks(JsonNode data) {
		return events(data, "click");
	}

	private static Path screenshotDirectory() throws IOException {
		String directory = System.getProperty("sample.screenshots");
		return (directory != null) ? Files.createDirectories(Path.of(directory)) : null;
	}

	private void save(Path file) throws IOException {
		Files.write(file, this.browser.getScreenshotAs(OutputType.BYTES));
	}

	private record StoredBeacon(String origin, JsonNode data) {

	}

}
