package io.unisights.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.BeaconEvent.WebVital.Metric;
import io.unisights.spring.Channel;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The dashboard's aggregates, computed in plain SQL over the {@code delivery} and
 * {@code delivery_event} tables so they run alike on H2 and PostgreSQL.
 *
 * @param jdbc the sample's database
 * @param jsonMapper reads the stored events
 */
@Component
record DashboardQueries(JdbcClient jdbc, JsonMapper jsonMapper) {

	private static final int TOP = 10;

	private static final int RECENT = 10;

	/**
	 * Computes the dashboard for a window ending now.
	 * @param now end of the window
	 * @param minutes length of the window
	 * @return the dashboard's data
	 */
	Dashboard dashboard(Instant now, int minutes) {
		long bucketMillis = Math.max(1, minutes / 60) * 60_000L;
		long to = now.toEpochMilli();
		long firstBucket = (to - minutes * 60_000L) / bucketMillis;
		long from = firstBucket * bucketMillis;
		long sessions = this.jdbc
			.sql("SELECT COUNT(DISTINCT partition_key) FROM delivery WHERE channel = 'beacon' AND received_at >= ?")
			.param(from)
			.query(Long.class)
			.single();
		long requests = this.jdbc.sql("SELECT COUNT(*) FROM delivery WHERE received_at >= ?")
			.param(from)
			.query(Long.class)
			.single();
		long signalled = this.jdbc
			.sql("SELECT COUNT(*) FROM delivery WHERE received_at >= ? AND privacy_signals IS NOT NULL")
			.param(from)
			.query(Long.class)
			.single();
		return new Dashboard(from, to, bucketMillis, sessions, timeline(from, to, bucketMillis), topPages(from),
				webVitals(from), errors(from), channels(from), new PrivacyShare(requests, signalled,
						(requests > 0) ? (double) signalled / requests : 0));
	}

	private List<TimelinePoint> timeline(long from, long to, long bucketMillis) {
		Map<Long, long[]> buckets = new LinkedHashMap<>();
		for (long bucket = from / bucketMillis; bucket <= to / bucketMillis; bucket++) {
			buckets.put(bucket, new long[2]);
		}
		// A literal, not a parameter: PostgreSQL only matches a grouped expression that is
		// textually the selected one.
		String bucketOf = "received_at / " + bucketMillis;
		countPerBucket("SELECT " + bucketOf + " AS bucket, COUNT(DISTINCT partition_key) AS n FROM delivery "
				+ "WHERE channel = 'beacon' AND received_at >= ? GROUP BY " + bucketOf, from, buckets, 0);
		countPerBucket("SELECT " + bucketOf + " AS bucket, COUNT(*) AS n FROM delivery_event "
				+ "WHERE type = 'page_view' AND received_at >= ? GROUP BY " + bucketOf, from, buckets, 1);
		List<TimelinePoint> points = new ArrayList<>(buckets.size());
		buckets.forEach((bucket, counts) -> points.add(new TimelinePoint(bucket * bucketMillis, counts[0], counts[1])));
		return points;
	}

	/**
	 * Runs a query of counts per time bucket ({@code bucket}, {@code n}) into one slot of
	 * each bucket's counts; buckets outside the window are ignored.
	 */
	private void countPerBucket(String sql, long from, Map<Long, long[]> buckets, int slot) {
		this.jdbc.sql(sql).param(from).query((rs) -> {
			long[] counts = buckets.get(rs.getLong("bucket"));
			if (counts != null) {
				counts[slot] = rs.getLong("n");
			}
		});
	}

	/** Runs a query of the first {@value #TOP} rows since {@code from} (its two parameters). */
	private <T> List<T> top(String sql, long from, RowMapper<T> row) {
		return this.jdbc.sql(sql).params(from, TOP).query(row).list();
	}

	private List<PageCount> topPages(long from) {
		return top("SELECT url, COUNT(*) AS views FROM delivery_event "
				+ "WHERE type = 'page_view' AND received_at >= ? AND url IS NOT NULL "
				+ "GROUP BY url ORDER BY COUNT(*) DESC, url LIMIT ?", from,
				(rs, rowNum) -> new PageCount(rs.getString("url"), rs.getLong("views")));
	}

	private List<WebVitalSummary> webVitals(long from) {
		Map<String, WebVitalSummary> byName = new LinkedHashMap<>();
		this.jdbc.sql("SELECT name, COUNT(*) AS samples, "
				+ "PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY num_value) AS p75, "
				+ "SUM(CASE WHEN label = 'good' THEN 1 ELSE 0 END) AS good, "
				+ "SUM(CASE WHEN label = 'needs-improvement' THEN 1 ELSE 0 END) AS needs_improvement, "
				+ "SUM(CASE WHEN label = 'poor' THEN 1 ELSE 0 END) AS poor "
				+ "FROM delivery_event WHERE type = 'web_vital' AND received_at >= ? GROUP BY name")
			.param(from)
			.query((rs) -> {
				WebVitalBands bands = WebVitalBands.of(Metric.valueOf(rs.getString("name")));
				double p75 = rs.getDouble("p75");
				byName.put(bands.metric().name(),
						new WebVitalSummary(bands.metric().name(), bands.unit(), rs.getLong("samples"), p75,
								bands.rate(p75), bands.goodMax(), bands.poorAbove(), rs.getLong("good"),
								rs.getLong("needs_improvement"), rs.getLong("poor")));
			});
		// Always in the same order, the Core Web Vitals first.
		List<WebVitalSummary> vitals = new ArrayList<>(byName.size());
		for (Metric metric : List.of(Metric.LCP, Metric.INP, Metric.CLS, Metric.FCP, Metric.TTFB, Metric.FID)) {
			WebVitalSummary summary = byName.get(metric.name());
			if (summary != null) {
				vitals.add(summary);
			}
		}
		return vitals;
	}

	private List<ErrorCount> errors(long from) {
		return top("SELECT label, detail, COUNT(*) AS occurrences, MAX(received_at) AS last_seen, "
				+ "MAX(url) AS url FROM delivery_event WHERE type = 'error' AND received_at >= ? "
				+ "GROUP BY label, detail ORDER BY MAX(received_at) DESC LIMIT ?", from,
				(rs, rowNum) -> new ErrorCount(rs.getString("label"), rs.getString("detail"), rs.getString("url"),
						rs.getLong("occurrences"), rs.getLong("last_seen")));
	}

	private List<ChannelSummary> channels(long from) {
		List<ChannelSummary> channels = new ArrayList<>();
		for (Channel channel : Channel.values()) {
			long[] counts = new long[2];
			// Each item's own verdict: the request's for beacons, the open's or click's otherwise.
			this.jdbc.sql("SELECT automation IS NOT NULL AS automated, COUNT(*) AS items FROM delivery "
					+ "WHERE channel = ? AND received_at >= ? GROUP BY automation IS NOT NULL")
				.params(channel.wireName(), from)
				.query((rs) -> {
					counts[rs.getBoolean("automated") ? 1 : 0] = rs.getLong("items");
				});
			long deliveries = this.jdbc.sql("SELECT COUNT(*) FROM delivery WHERE channel = ? AND received_at >= ?")
				.params(channel.wireName(), from)
				.query(Long.class)
				.single();
			List<RecentItem> recent = this.jdbc
				.sql("SELECT id, partition_key, received_at, payload FROM delivery WHERE channel = ? "
						+ "ORDER BY seq DESC LIMIT ?")
				.params(channel.wireName(), RECENT)
				.query((rs, rowNum) -> new RecentItem(rs.getString("id"), rs.getString("partition_key"),
						rs.getLong("received_at"), this.jsonMapper.readTree(rs.getString("payload"))))
				.list();
			channels.add(new ChannelSummary(channel.wireName(), deliveries, counts[0], counts[1], recent));
		}
		return channels;
	}

	/**
	 * Everything the dashboard shows.
	 *
	 * @param from start of the window, epoch milliseconds
	 * @param to end of the window, epoch milliseconds
	 * @param bucketMillis width of a timeline bucket
	 * @param sessions distinct sessions that sent a beacon in the window
	 * @param timeline sessions and page views per bucket, every bucket present
	 * @param topPages most viewed pages
	 * @param webVitals p75 and rating counts per metric
	 * @param errors JavaScript errors, most recent first
	 * @param channels counts and recent items of every channel, people and automation apart
	 * @param privacy how many requests carried a privacy signal
	 */
	record Dashboard(long from, long to, long bucketMillis, long sessions, List<TimelinePoint> timeline, List<PageCount> topPages,
			List<WebVitalSummary> webVitals, List<ErrorCount> errors, List<ChannelSummary> channels,
			PrivacyShare privacy) {

	}

	/**
	 * The requests of the window that carried a privacy signal ({@code Sec-GPC: 1},
	 * {@code DNT: 1}), of those delivered: dropped ones never reach the store.
	 *
	 * @param requests stored items of every channel
	 * @param signalled of them, those whose request carried a signal
	 * @param share {@code signalled / requests}, 0 without requests
	 */
	record PrivacyShare(long requests, long signalled, double share) {

	}

	/**
	 * One bucket of the timeline.
	 *
	 * @param start start of the bucket, epoch milliseconds
	 * @param sessions distinct sessions that sent a beacon
	 * @param pageViews page views
	 */
	record TimelinePoint(long start, long sessions, long pageViews) {

	}

	/**
	 * A page and how often it was viewed.
	 *
	 * @param url the page
	 * @param views page views
	 */
	record PageCount(String url, long views) {

	}

	/**
	 * One web vital.
	 *
	 * @param name the metric, such as {@code LCP}
	 * @param unit {@code ms}, or empty
	 * @param samples measurements
	 * @param p75 75th percentile
	 * @param rating rating of the p75
	 * @param goodMax largest good value
	 * @param poorAbove value above which it is poor
	 * @param good good measurements
	 * @param needsImprovement measurements that need improvement
	 * @param poor poor measurements
	 */
	record WebVitalSummary(String name, String unit, long samples, double p75, String rating, double goodMax,
			double poorAbove, long good, long needsImprovement, long poor) {

	}

	/**
	 * A JavaScript error.
	 *
	 * @param message the message
	 * @param location script, line and column, when known
	 * @param url a page it happened on
	 * @param occurrences how often
	 * @param lastSeen when last received, epoch milliseconds
	 */
	record ErrorCount(String message, @Nullable String location, @Nullable String url, long occurrences,
			long lastSeen) {

	}

	/**
	 * One channel.
	 *
	 * @param channel the wire name
	 * @param deliveries deliveries in the window
	 * @param human countable items not flagged as automated
	 * @param automated items flagged as machine-made (email opens and clicks)
	 * @param recent the latest deliveries, newest first
	 */
	record ChannelSummary(String channel, long deliveries, long human, long automated, List<RecentItem> recent) {

	}

	/**
	 * A recent delivery.
	 *
	 * @param id the delivery id
	 * @param key the partition key
	 * @param receivedAt when received, epoch milliseconds
	 * @param data the wire form
	 */
	record RecentItem(String id, String key, long receivedAt, JsonNode data) {

	}

}
