package io.unisights.spring.forward;

import java.time.format.DateTimeFormatter;

import io.unisights.spring.Delivery;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON document a forwarder sends for one delivery:
 * {@code {"id", "channel", "received_at", "data"}}, where {@code data} is the item's wire
 * form. The client's IP address and user agent are deliberately left out: they are
 * personal data the host may not want to copy into another system.
 */
public final class ForwardedEvent {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ForwardedEvent() {
	}

	/**
	 * Returns the document for a delivery.
	 * @param delivery the delivery
	 * @return a new JSON object
	 */
	public static ObjectNode toJson(Delivery delivery) {
		ObjectNode json = MAPPER.createObjectNode();
		json.put("id", delivery.id());
		json.put("channel", delivery.channel().wireName());
		json.put("received_at", DateTimeFormatter.ISO_INSTANT.format(delivery.context().receivedAt()));
		json.set("data", delivery.wireData());
		return json;
	}

	/**
	 * Returns the document for a delivery as UTF-8 JSON.
	 * @param delivery the delivery
	 * @return the bytes
	 */
	public static byte[] toBytes(Delivery delivery) {
		return MAPPER.writeValueAsBytes(toJson(delivery));
	}

}
