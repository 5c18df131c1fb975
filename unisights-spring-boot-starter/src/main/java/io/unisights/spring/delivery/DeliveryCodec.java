package io.unisights.spring.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.RequestContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an accepted item into compact bytes while it waits in a {@link DeliveryStore}, and
 * back into a {@link Delivery} when a worker takes it. A queued item is held as the UTF-8
 * JSON of its wire form rather than as decoded objects: a beacon whose JSON is mostly
 * small nodes costs many times its size as a tree, and a queue of trees is what ran the
 * heap out.
 * <p>
 * The bytes read {@code {"id":…,"channel":…,"context":{…},"payload":{…wire form…}}}, the
 * dead-letter line's fields without its attempts.
 */
final class DeliveryCodec {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Map<Channel, DeliveryRestorer> restorers = new EnumMap<>(Channel.class);

	DeliveryCodec(List<DeliveryRestorer> restorers) {
		for (DeliveryRestorer restorer : restorers) {
			this.restorers.putIfAbsent(restorer.channel(), restorer);
		}
	}

	byte[] encode(Delivery delivery) {
		ObjectNode node = mapper.createObjectNode();
		node.put("id", delivery.id());
		node.put("channel", delivery.channel().wireName());
		DeadLetterJson.writeContext(node.putObject("context"), delivery.context());
		node.set("payload", delivery.wireData());
		return mapper.writeValueAsBytes(node);
	}

	/**
	 * Restores an item.
	 * @param bytes what {@link #encode} produced
	 * @return the item
	 * @throws UnrestorableException if the bytes cannot be turned back into an item, with
	 * whatever could be read of them
	 */
	Delivery decode(byte[] bytes) {
		Envelope envelope = envelope(bytes);
		DeliveryRestorer restorer = this.restorers.get(envelope.channel());
		if (restorer == null) {
			throw new UnrestorableException(envelope,
					"No DeliveryRestorer for channel " + envelope.channel().wireName() + " is registered");
		}
		try {
			return restorer.restore(envelope.id(), envelope.payload(), envelope.context());
		}
		catch (RuntimeException ex) {
			throw new UnrestorableException(envelope, ex.getClass().getName() + ": " + ex.getMessage());
		}
	}

	private static Envelope envelope(byte[] bytes) {
		JsonNode node;
		try {
			node = mapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Stored item is not JSON: " + ex.getOriginalMessage(), ex);
		}
		RequestContext context = DeadLetterJson.readContext(node.get("context"));
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new IllegalStateException("Stored item has no payload object");
		}
		return new Envelope(node.get("id").asString(), Channel.fromWireName(node.get("channel").asString()),
				context, (ObjectNode) payload);
	}

	/**
	 * What a stored item holds.
	 * @param id delivery id
	 * @param channel channel
	 * @param context request context
	 * @param payload wire form
	 */
	record Envelope(String id, Channel channel, RequestContext context, ObjectNode payload) {

	}

	/**
	 * A stored item that no restorer accepts any more (its channel was switched off, or
	 * the wire form no longer reads); it is dead-lettered as it was stored.
	 */
	static final class UnrestorableException extends RuntimeException {

		private final transient Envelope envelope;

		UnrestorableException(Envelope envelope, String message) {
			super(message);
			this.envelope = envelope;
		}

		Envelope envelope() {
			return this.envelope;
		}

	}

}
