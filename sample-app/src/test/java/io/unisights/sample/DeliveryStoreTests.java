package io.unisights.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.unisights.beacon.BeaconWireFormat;
import io.unisights.sample.DashboardQueries.Dashboard;
import io.unisights.sample.DashboardQueries.TimelinePoint;
import io.unisights.sample.DashboardQueries.WebVitalSummary;
import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The store and the dashboard's aggregates on the real schema (Flyway migrations on an
 * in-memory H2), without a web server or a browser.
 */
class DeliveryStoreTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private JdbcClient jdbc;

	private DeliveryStore store;

	private DashboardQueries queries;

	@BeforeEach
	void migrate() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(dataSource).load().migrate();
		this.jdbc = JdbcClient.create(dataSource);
		this.store = new DeliveryStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
		this.queries = new DashboardQueries(this.jdbc, mapper);
	}

	@Test
	void storesADeliveryOncePerId() {
		BeaconDelivery delivery = beacon("d-1", session(1), NOW, pageView("https://shop.example/"));

		assertThat(this.store.save(delivery)).isTrue();
		assertThat(this.store.save(delivery)).isFalse();

		List<DeliveryStore.StoredDelivery> latest = this.store.latest(10);
		assertThat(latest).hasSize(1);
		assertThat(latest.get(0).id()).isEqualTo("d-1");
		assertThat(latest.get(0).channel()).isEqualTo("beacon");
		assertThat(latest.get(0).receivedAt()).isEqualTo(NOW);
		assertThat(mapper.readTree(latest.get(0).payload())).isEqualTo(delivery.wireData());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM delivery_event").query(Long.class).single()).isOne();
	}

	@Test
	void storesAServerEventUnderTheLongestIdTheCollectorAccepts() {
		String id = "e".repeat(255);
		CanonicalEvent event = CanonicalEvent.builder("order.created").id(id).occurredAt(NOW).source("shop").build();

		assertThat(this.store.save(IngestDelivery.of(event, new RequestContext(null, null, null, NOW)))).isTrue();

		assertThat(this.jdbc.sql("SELECT id FROM delivery").query(String.class).single()).isEqualTo(id);
	}

	@Test
	void storesOtherChannelsGenericallyFromTheirWireForm() {
		CanonicalEvent event = CanonicalEvent.builder("order.created")
			.id("evt_1")
			.occurredAt(NOW.minusSeconds(5))
			.source("shop")
			.identity("cus_1")
			.data("total", 99.9)
			.build();
		IngestDelivery delivery = IngestDelivery.of(event, new RequestContext("10.0.0.1", null, null, NOW));

		assertThat(this.store.save(delivery)).isTrue();

		assertThat(this.jdbc.sql("SELECT channel, partition_key, client_ip FROM delivery").query().singleRow())
			.containsEntry("CHANNEL", "ingest")
			.containsEntry("PARTITION_KEY", "cus_1")
			.containsEntry("CLIENT_IP", "10.0.0.1");
		assertThat(this.jdbc.sql("SELECT channel, type, name, session_key, automated FROM delivery_event")
			.query()
			.singleRow()).containsEntry("CHANNEL", "ingest")
			.containsEntry("TYPE", "ingest")
			.containsEntry("NAME", "order.created")
			.containsEntry("SESSION_KEY", "cus_1")
			.containsEntry("AUTOMATED", false);
		Dashboard dashboard = this.queries.dashboard(NOW, 60);
		DashboardQueries.ChannelSummary ingest = dashboard.channels().get(3);
		assertThat(ingest.channel()).isEqualTo("ingest");
		assertThat(ingest.deliveries()).isOne();
		assertThat(ingest.human()).isOne();
		assertThat(ingest.recent()).singleElement()
			.satisfies((item) -> assertThat(item.data()).isEqualTo(delivery.wireData()));
	}

	@Test
	void listsTheLatestDeliveriesOldestFirst() {
		for (int i = 1; i <= 4; i++) {
			this.store.save(beacon("d-" + i, session(i), NOW.plusSeconds(i), pageView("https://shop.example/")));
		}

		assertThat(this.store.latest(2)).extracting(DeliveryStore.StoredDelivery::id).containsExactly("d-3", "d-4");
	}

	@Test
	void keepsOneFlatRowPerBeaconEvent() {
		this.store.save(beacon("d-1", session(1), NOW, pageView("https://shop.example/cart"),
				"""
				{"type": "click", "data": {"x": 10.4, "y": 20.6, "timestamp": 1763900001000}}""",
				"""
				{"type": "web_vital", "data": {"name": "INP", "value": 350, "timestamp": 1763900002000}}""",
				"""
				{"type": "error", "data": {"message": "boom", "source": "https://shop.example/app.js",
				 "lineno": 12, "colno": 3, "timestamp": 1763900003000}}"""));

		List<Map<String, Object>> rows = this.jdbc
			.sql("SELECT type, url, name, num_value, label, detail, automated FROM delivery_event ORDER BY type")
			.query()
			.listOfRows();

		assertThat(rows).extracting((row) -> row.get("TYPE"), (row) -> row.get("URL"), (row) -> row.get("NAME"),
				(row) -> row.get("NUM_VALUE"), (row) -> row.get("LABEL"), (row) -> row.get("DETAIL"))
			.containsExactly(tuple("click", "https://shop.example/cart", null, null, null, "10,21"),
					tuple("error", "https://shop.example/cart", null, null, "boom", "https://shop.example/app.js:12:3"),
					tuple("page_view", "https://shop.example/cart", null, null, "Shop", null),
					// No rating sent: rated by the web-vitals bands (INP 200 / 500 ms).
					tuple("web_vital", "https://shop.example/cart", "INP", 350.0, "needs-improvement", null));
		assertThat(rows).allSatisfy((row) -> assertThat(row.get("AUTOMATED")).isEqualTo(false));
	}

	@Test
	void computesTheSeventyFifthPercentileAndBandsPerMetric() {
		double[] lcp = { 1000, 2000, 3000, 5000 };
		for (int i = 0; i < lcp.length; i++) {
			this.store.save(beacon("d-" + i, session(i), NOW.minusSeconds(60), vital("LCP", lcp[i])));
		}
		this.store.save(beacon("d-cls", session(9), NOW.minusSeconds(60), vital("CLS", 0.3)));

		Dashboard dashboard = this.queries.dashboard(NOW, 60);

		assertThat(dashboard.webVitals()).extracting(WebVitalSummary::name).containsExactly("LCP", "CLS");
		WebVitalSummary summary = dashboard.webVitals().get(0);
		// Continuous percentile: 3000 + 0.25 * (5000 - 3000).
		assertThat(summary.p75()).isEqualTo(3500.0);
		assertThat(summary.rating()).isEqualTo("needs-improvement");
		assertThat(summary.samples()).isEqualTo(4);
		assertThat(summary.good()).isEqualTo(2);
		assertThat(summary.needsImprovement()).isOne();
		assertThat(summary.poor()).isOne();
		assertThat(summary.unit()).isEqualTo("ms");
		WebVitalSummary cls = dashboard.webVitals().get(1);
		assertThat(cls.rating()).isEqualTo("poor");
		assertThat(cls.unit()).isEmpty();
	}

	@Test
	void countsSessionsAndPageViewsPerMinuteWithinTheWindow() {
		this.store.save(beacon("d-1", session(1), NOW.minusSeconds(150), pageView("https://shop.example/")));
		this.store.save(beacon("d-2", session(1), NOW.minusSeconds(140), pageView("https://shop.example/cart")));
		this.store.save(beacon("d-3", session(2), NOW.minusSeconds(10), pageView("https://shop.example/"),
				pageView("https://shop.example/")));
		// Before the window: counted nowhere.
		this.store.save(beacon("d-old", session(3), NOW.minusSeconds(7200), pageView("https://shop.example/old")));

		Dashboard dashboard = this.queries.dashboard(NOW, 15);

		assertThat(dashboard.bucketMillis()).isEqualTo(60_000);
		assertThat(dashboard.timeline()).hasSize(16);
		assertThat(dashboard.timeline()).extracting(TimelinePoint::start)
			.isSorted()
			.allSatisfy((start) -> assertThat(start % 60_000).isZero());
		assertThat(dashboard.sessions()).isEqualTo(2);
		TimelinePoint threeMinutesAgo = point(dashboard, NOW.minusSeconds(150));
		assertThat(threeMinutesAgo.sessions()).isOne();
		assertThat(threeMinutesAgo.pageViews()).isEqualTo(2);
		TimelinePoint current = point(dashboard, NOW.minusSeconds(10));
		assertThat(current.sessions()).isOne();
		assertThat(current.pageViews()).isEqualTo(2);
		assertThat(dashboard.timeline().stream().mapToLong(TimelinePoint::pageViews).sum()).isEqualTo(4);
		assertThat(dashboard.topPages()).extracting(DashboardQueries.PageCount::url, DashboardQueries.PageCount::views)
			.containsExactly(tuple("https://shop.example/", 3L), tuple("https://shop.example/cart", 1L));
	}

	@Test
	void groupsErrorsByMessageAndLocationMostRecentFirst() {
		String error = """
				{"type": "error", "data": {"message": "%s", "source": "https://shop.example/app.js", "lineno": 7,
				 "timestamp": 1763900003000}}""";
		this.store.save(beacon("d-1", session(1), NOW.minusSeconds(30), error.formatted("a is undefined")));
		this.store.save(beacon("d-2", session(2), NOW.minusSeconds(20), error.formatted("a is undefined")));
		this.store.save(beacon("d-3", session(3), NOW.minusSeconds(25), error.formatted("b is null")));

		Dashboard dashboard = this.queries.dashboard(NOW, 60);

		assertThat(dashboard.errors())
			.extracting(DashboardQueries.ErrorCount::message, DashboardQueries.ErrorCount::location,
					DashboardQueries.ErrorCount::occurrences, DashboardQueries.ErrorCount::lastSeen)
			.containsExactly(
					tuple("a is undefined", "https://shop.example/app.js:7", 2L, NOW.minusSeconds(20).toEpochMilli()),
					tuple("b is null", "https://shop.example/app.js:7", 1L, NOW.minusSeconds(25).toEpochMilli()));
	}

	@Test
	void summarisesEveryChannelWithItsRecentItems() {
		this.store.save(beacon("d-1", session(1), NOW.minusSeconds(30), pageView("https://shop.example/")));

		Dashboard dashboard = this.queries.dashboard(NOW, 60);

		assertThat(dashboard.channels()).extracting(DashboardQueries.ChannelSummary::channel)
			.containsExactly("beacon", "open", "click", "ingest");
		DashboardQueries.ChannelSummary beacons = dashboard.channels().get(0);
		assertThat(beacons.deliveries()).isOne();
		assertThat(beacons.recent()).singleElement()
			.satisfies((item) -> assertThat(item.data().get("session_id").asString()).isEqualTo(session(1)));
		assertThat(dashboard.channels().subList(1, 4)).allSatisfy((channel) -> {
			assertThat(channel.deliveries()).isZero();
			assertThat(channel.recent()).isEmpty();
		});
	}

	private static TimelinePoint point(Dashboard dashboard, Instant at) {
		long start = at.toEpochMilli() - at.toEpochMilli() % dashboard.bucketMillis();
		return dashboard.timeline().stream().filter((point) -> point.start() == start).findFirst().orElseThrow();
	}

	private static String session(int n) {
		return new UUID(0x550e8400e29b41d4L, 0xa716446655440000L + n).toString();
	}

	private static String pageView(String url) {
		return """
				{"type": "page_view", "data": {"location": "%s", "title": "Shop", "timestamp": 1763900000000}}"""
			.formatted(url);
	}

	private static String vital(String name, double value) {
		return """
				{"type": "web_vital", "data": {"name": "%s", "value": %s, "timestamp": 1763900002000}}"""
			.formatted(name, value);
	}

	private static BeaconDelivery beacon(String id, String session, Instant receivedAt, String... events) {
		String pageUrl = events[0].contains("\"location\"")
				? mapper.readTree(events[0]).get("data").get("location").asString() : "https://shop.example/cart";
		String json = """
				{"asset_id": "shop", "session_id": "%s", "page_url": "%s", "events": [%s]}"""
			.formatted(session, pageUrl, String.join(",", events));
		return new BeaconDelivery(id, BeaconWireFormat.fromJson(mapper.readTree(json)),
				new RequestContext("127.0.0.1", "test", "https://shop.example", receivedAt));
	}

}
