package io.unisights.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import io.unisights.beacon.BeaconEvent;
import io.unisights.beacon.BeaconPayload;
import io.unisights.spring.Automation;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every delivery of every channel in the database ({@code delivery} table, wire form
 * as JSON) together with one flat row per countable thing ({@code delivery_event}) for the
 * dashboard. A delivery is stored once per {@link Delivery#id()}, so retries and replays
 * do not count twice.
 */
@Component
public class DeliveryStore {

	/** Most items {@link #latest(int)} returns. */
	public static final int MAX_LATEST = 1000;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	DeliveryStore(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = JdbcClient.create(jdbcTemplate);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Stores a delivery and its countable events, unless one with the same id is stored.
	 * @param delivery the accepted item
	 * @return whether it was new
	 */
	public boolean save(Delivery delivery) {
		try {
			this.transactions.executeWithoutResult((status) -> insert(delivery));
			return true;
		}
		catch (DuplicateKeyException ex) {
			// The unique id refused a retry or replay of a stored delivery; the transaction
			// rolled back, so nothing was counted twice.
			return false;
		}
	}

	private void insert(Delivery delivery) {
		String channel = delivery.channel().wireName();
		long receivedAt = delivery.context().receivedAt().toEpochMilli();
		KeyHolder keys = new GeneratedKeyHolder();
		RequestContext context = delivery.context();
		this.jdbc.sql("INSERT INTO delivery (id, channel, partition_key, received_at, client_ip, user_agent, origin, "
				+ "payload, visitor_id, automation, privacy_signals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(delivery.id(), channel, clip(delivery.partitionKey(), 255), receivedAt,
					clip(context.clientIp(), 64), clip(context.userAgent(), 1024), clip(context.origin(), 255),
					delivery.wireData().toString(), clip(context.visitorId(), 64), automation(delivery),
					privacySignals(context))
			.update(keys, "seq");
		long seq = Objects.requireNonNull(keys.getKeyAs(Number.class), "generated seq").longValue();
		List<EventRow> rows = rows(delivery);
		List<Object[]> batch = new ArrayList<>(rows.size());
		for (EventRow row : rows) {
			batch.add(new Object[] { seq, channel, clip(row.type(), 64), clip(delivery.partitionKey(), 255),
					receivedAt, clip(row.url(), 2048), clip(row.name(), 255), row.value(), clip(row.label(), 1024),
					clip(row.detail(), 2048), row.automated() });
		}
		// One round trip for all events of a batch, however many there are.
		this.jdbcTemplate.batchUpdate("INSERT INTO delivery_event (delivery_seq, channel, type, session_key, "
				+ "received_at, url, name, num_value, label, detail, automated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				batch);
	}

	/**
	 * The item's verdict: an open's or click's own (which weighs mail proxies, the method
	 * and timing too), otherwise its request's.
	 */
	private static @Nullable String automation(Delivery delivery) {
		Automation automation = delivery.context().automation();
		if (delivery instanceof OpenDelivery open) {
			automation = open.automation();
		}
		else if (delivery instanceof ClickDelivery click) {
			automation = click.automation();
		}
		return (automation.reason() != null) ? automation.reason().wireName() : null;
	}

	private static @Nullable String privacySignals(RequestContext context) {
		StringJoiner signals = new StringJoiner(",");
		for (PrivacySignal signal : PrivacySignal.values()) {
			if (context.carries(signal)) {
				signals.add(signal.wireName());
			}
		}
		return (signals.length() > 0) ? signals.toString() : null;
	}

	/**
	 * Returns the most recent deliveries of every channel.
	 * @param limit how many at most, up to {@link #MAX_LATEST}
	 * @return up to {@code limit} items, oldest first
	 */
	public List<StoredDelivery> latest(int limit) {
		List<StoredDelivery> newestFirst = this.jdbc
			.sql("SELECT id, channel, received_at, payload, client_ip, user_agent, visitor_id, automation, "
					+ "privacy_signals FROM delivery ORDER BY seq DESC LIMIT ?")
			.param(Math.max(0, Math.min(limit, MAX_LATEST)))
			.query((rs, rowNum) -> new StoredDelivery(rs.getString("id"), rs.getString("channel"),
					Instant.ofEpochMilli(rs.getLong("received_at")), rs.getString("payload"),
					new StoredContext(rs.getString("client_ip"), rs.getString("user_agent"), rs.getString("visitor_id"),
							rs.getString("automation"), signals(rs.getString("privacy_signals")))))
			.list();
		List<StoredDelivery> oldestFirst = new ArrayList<>(newestFirst);
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	private static List<String> signals(@Nullable String column) {
		return (column != null) ? List.of(column.split(",")) : List.of();
	}

	private static List<EventRow> rows(Delivery delivery) {
		if (delivery instanceof BeaconDelivery beacon) {
			return beaconRows(beacon.payload());
		}
		// Other channels are stored generically from their wire form: server events carry
		// their "type" (order.created), email opens and clicks "tracked_url" and
		// "automated"; what a channel lacks stays empty.
		ObjectNode data = delivery.wireData();
		JsonNode automated = data.get("automated");
		return List.of(new EventRow(delivery.channel().wireName(), text(data.get("tracked_url")),
				text(data.get("type")), null, text(data.get("automated_reason")), null,
				automated != null && automated.asBoolean()));
	}

	private static List<EventRow> beaconRows(BeaconPayload payload) {
		List<EventRow> rows = new ArrayList<>(payload.events().size());
		String pageUrl = payload.pageUrl();
		for (BeaconEvent event : payload.events()) {
			if (event instanceof BeaconEvent.PageView view) {
				rows.add(new EventRow(view.type(), view.location(), null, null, view.title(), null, false));
			}
			else if (event instanceof BeaconEvent.WebVital vital) {
				String rating = (vital.rating() != null) ? vital.rating().wireName()
						: WebVitalBands.of(vital.name()).rate(vital.value());
				rows.add(new EventRow(vital.type(), pageUrl, vital.name().name(), vital.value(), rating, null, false));
			}
			else if (event instanceof BeaconEvent.Error error) {
				rows.add(new EventRow(error.type(), pageUrl, null, null, error.message(), location(error), false));
			}
			else if (event instanceof BeaconEvent.Click click) {
				rows.add(new EventRow(click.type(), pageUrl, null, null, null,
						Math.round(click.x()) + "," + Math.round(click.y()), false));
			}
			else if (event instanceof BeaconEvent.Custom custom) {
				rows.add(new EventRow(custom.type(), pageUrl, custom.name(), null, null, custom.rawData(), false));
			}
			else {
				rows.add(new EventRow(event.type(), pageUrl, null, null, null, null, false));
			}
		}
		return rows;
	}

	private static @Nullable String location(BeaconEvent.Error error) {
		if (error.source() == null) {
			return null;
		}
		StringBuilder location = new StringBuilder(error.source());
		if (error.lineno() != null) {
			location.append(':').append(error.lineno());
			if (error.colno() != null) {
				location.append(':').append(error.colno());
			}
		}
		return location.toString();
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	private static @Nullable String clip(@Nullable String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

	/**
	 * A stored delivery as listed by {@link DeliveryStore#latest(int)}.
	 *
	 * @param id the delivery id
	 * @param channel the channel's wire name, such as {@code beacon}
	 * @param receivedAt when the collector received it
	 * @param payload the item's wire form, as JSON text
	 * @param context what was kept of its request
	 */
	public record StoredDelivery(String id, String channel, Instant receivedAt, String payload,
			StoredContext context) {

	}

	/**
	 * What was kept of the request that carried a stored item.
	 *
	 * @param clientIp the client address as the privacy settings left it
	 * @param userAgent the user agent as the privacy settings left it
	 * @param visitorId the cookieless visitor id
	 * @param automation the automation verdict, {@code null} for a person
	 * @param privacySignals the privacy signals sent ({@code gpc}, {@code dnt})
	 */
	public record StoredContext(@Nullable String clientIp, @Nullable String userAgent, @Nullable String visitorId,
			@Nullable String automation, List<String> privacySignals) {

	}

	private record EventRow(String type, @Nullable String url, @Nullable String name, @Nullable Double value,
			@Nullable String label, @Nullable String detail, boolean automated) {

	}

}
