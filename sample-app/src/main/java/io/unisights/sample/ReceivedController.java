package io.unisights.sample;

import java.util.List;
import java.util.Map;

import io.unisights.sample.DeliveryStore.StoredDelivery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what the handlers received and stored, so a run can be checked with {@code curl}.
 */
@RestController
class ReceivedController {

	/** Why each verdict was given, in words. */
	private static final Map<String, String> AUTOMATION_DETAILS = Map.ofEntries(
			Map.entry("crawler", "the user agent declares a crawler"),
			Map.entry("monitor", "the user agent is an uptime or performance monitor"),
			Map.entry("headless-browser", "the user agent is a headless browser"),
			Map.entry("http-library", "the user agent is an HTTP library or command-line client"),
			Map.entry("device-mismatch", "the SDK's device_info contradicts the User-Agent header"),
			Map.entry("no-user-agent", "the request sent no user agent"),
			Map.entry("head-request", "a HEAD request"), Map.entry("mail-proxy", "a mail provider's image proxy"),
			Map.entry("security-scanner", "a mail security scanner or link follower"),
			Map.entry("too-fast", "clicked within seconds of sending"));

	private final DeliveryStore store;

	private final JsonMapper jsonMapper;

	ReceivedController(DeliveryStore store, JsonMapper jsonMapper) {
		this.store = store;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Lists the most recent items, oldest first, each as
	 * {@code {"channel", "id", "received_at", "data", "context"}} with {@code data} in wire
	 * form and {@code context} what was kept of the request: {@code client_ip},
	 * {@code user_agent}, {@code visitor_id}, {@code automation} ({@code null} for a
	 * person, else {@code {"verdict": "automated", "reason": …, "detail": …}}) and
	 * {@code privacy_signals} ({@code gpc}, {@code dnt}).
	 * @param limit how many items at most (1 to 1000)
	 * @return the items
	 */
	@GetMapping(path = "/sample/received", produces = MediaType.APPLICATION_JSON_VALUE)
	JsonNode received(@RequestParam(defaultValue = "20") int limit) {
		int bounded = Math.max(1, Math.min(limit, DeliveryStore.MAX_LATEST));
		List<StoredDelivery> latest = this.store.latest(bounded);
		ArrayNode items = this.jsonMapper.createArrayNode();
		for (StoredDelivery delivery : latest) {
			ObjectNode item = items.addObject();
			item.put("channel", delivery.channel());
			item.put("id", delivery.id());
			item.put("received_at", delivery.receivedAt().toString());
			item.set("data", this.jsonMapper.readTree(delivery.payload()));
			DeliveryStore.StoredContext stored = delivery.context();
			ObjectNode context = item.putObject("context");
			context.put("client_ip", stored.clientIp());
			context.put("user_agent", stored.userAgent());
			context.put("visitor_id", stored.visitorId());
			if (stored.automation() != null) {
				context.putObject("automation")
					.put("verdict", "automated")
					.put("reason", stored.automation())
					.put("detail", AUTOMATION_DETAILS.getOrDefault(stored.automation(), stored.automation()));
			}
			else {
				context.putNull("automation");
			}
			ArrayNode signals = context.putArray("privacy_signals");
			stored.privacySignals().forEach(signals::add);
		}
		return items;
	}

}
