package io.unisights.sample;

import java.util.List;

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

	private final DeliveryStore store;

	private final JsonMapper jsonMapper;

	ReceivedController(DeliveryStore store, JsonMapper jsonMapper) {
		this.store = store;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Lists the most recent items, oldest first, each as
	 * {@code {"channel", "id", "received_at", "data"}} with {@code data} in wire form.
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
		}
		return items;
	}

}
