package io.unisights.spring.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconEvent;
import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.BeaconSource;
import io.unisights.beacon.DeviceInfo;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an accepted item into what a {@link DeliveryStore} holds, and back into a
 * {@link Delivery} when a worker takes it, at no more cost than the request's own decode.
 * <p>
 * The memory store holds a beacon as the accepted {@link Delivery} itself: nothing is
 * written or read. Everything else is held as bytes in a compact form: a format byte
 * ({@code 1}; the JSON form of earlier versions starts with <code>{</code>), a payload kind
 * byte, the length of the header as four bytes, the header (the {@link DeliveryEnvelope}
 * in its compact form, then a beacon's content digest as one more of its strings), and the
 * payload. A beacon's payload is the JSON
 * it was accepted from (the body as sent, or the decrypted plaintext), read again by the
 * decoder's fast path; other channels' is the UTF-8 JSON of their wire form. Items written
 * by earlier versions, {@code {"id":…,"channel":…,"context":{…},"payload":{…}}}, are still
 * read.
 */
final class DeliveryCodec {

	private static final byte COMPACT = 1;

	private static final byte WIRE_JSON = 0;

	private static final byte BEACON_BODY = 1;

	private static final byte BEACON_PLAINTEXT = 2;

	/** Format, kind and header length. */
	private static final int PREFIX = 6;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Restorers restorers;

	DeliveryCodec(List<DeliveryRestorer> restorers) {
		this.restorers = new Restorers(restorers);
	}

	/**
	 * The item as a store that keeps objects (the memory store) holds it: a beacon as
	 * accepted, counted by the size of its source. A beacon whose records hold JSON trees
	 * (keys the SDK does not send, with objects or arrays for values: a body of a million
	 * empty objects is a tree of many times its size) and the other channels, whose wire
	 * forms are trees, are held encoded, counted by their bytes, so that the store's byte
	 * bound stays a bound on the heap.
	 * @param delivery the item
	 * @param source the JSON a beacon was decoded from, {@code null} when unknown
	 * @return the item to store
	 */
	StoredDelivery hold(Delivery delivery, @Nullable BeaconSource source) {
		if (source != null && delivery instanceof BeaconDelivery beacon && !holdsTrees(beacon.payload())) {
			return StoredDelivery.held(delivery, source.size());
		}
		return store(delivery, source);
	}

	/**
	 * The item encoded, as a database store holds it.
	 * @param delivery the item
	 * @param source the JSON a beacon was decoded from, {@code null} when unknown
	 * @return the item to store
	 */
	StoredDelivery store(Delivery delivery, @Nullable BeaconSource source) {
		return new StoredDelivery(0, delivery.id(), delivery.channel(), encode(delivery, source));
	}

	/**
	 * The item encoded, as a database store writes it, together with the item itself when
	 * {@link #hold} would hold it, for the store to hand to this instance's workers once
	 * committed (they then read nothing back).
	 * @param delivery the item
	 * @param source the JSON a beacon was decoded from, {@code null} when unknown
	 * @return the item to store
	 */
	StoredDelivery storeKeeping(Delivery delivery, @Nullable BeaconSource source) {
		byte[] bytes = encode(delivery, source);
		boolean keep = source != null && delivery instanceof BeaconDelivery beacon && !holdsTrees(beacon.payload());
		return new StoredDelivery(0, delivery.id(), delivery.channel(), bytes, keep ? delivery : null, bytes.length);
	}

	byte[] encode(Delivery delivery, @Nullable BeaconSource source) {
		byte kind;
		ByteBuffer payload;
		String digest = null;
		if (source != null && delivery instanceof BeaconDelivery beacon) {
			kind = (source.form() == BeaconSource.Form.BODY) ? BEACON_BODY : BEACON_PLAINTEXT;
			digest = beacon.contentDigest();
			payload = source.bytes();
		}
		else {
			kind = WIRE_JSON;
			payload = ByteBuffer.wrap(mapper.writeValueAsBytes(delivery.wireData()));
		}
		ByteArrayOutputStream headBytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(headBytes)) {
			new DeliveryEnvelope(delivery.id(), delivery.channel(), delivery.context()).writeTo(out);
			DeliveryEnvelope.writeOptional(out, digest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A byte array cannot fail to be written", ex);
		}
		byte[] head = headBytes.toByteArray();
		return ByteBuffer.allocate(PREFIX + head.length + payload.remaining())
			.put(COMPACT)
			.put(kind)
			.putInt(head.length)
			.put(head)
			.put(payload)
			.array();
	}

	/**
	 * Restores an item a store gave back.
	 * @param item the stored item
	 * @return the item
	 * @throws UnrestorableException if the bytes cannot be turned back into an item, with
	 * whatever could be read of them
	 * @throws IllegalStateException if the bytes are not a stored item at all
	 */
	Delivery restore(StoredDelivery item) {
		Delivery held = item.held();
		return (held != null) ? held : decode(item.bytes());
	}

	/**
	 * Restores an item from its bytes.
	 * @param bytes what {@link #encode} (or an earlier version) wrote
	 * @return the item
	 * @throws UnrestorableException if the bytes cannot be turned back into an item, with
	 * whatever could be read of them
	 * @throws IllegalStateException if the bytes are not a stored item at all
	 */
	Delivery decode(byte[] bytes) {
		if (bytes.length > 0 && bytes[0] == '{') {
			return decodeJson(bytes);
		}
		if (bytes.length < PREFIX || bytes[0] != COMPACT) {
			throw new IllegalStateException("Stored item is in no known form");
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		byte kind = buffer.get(1);
		int headLength = buffer.getInt(2);
		if (headLength < 0 || headLength > bytes.length - PREFIX) {
			throw new IllegalStateException("Stored item has a header length beyond its end");
		}
		DeliveryEnvelope envelope;
		String digest;
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, PREFIX, headLength))) {
			envelope = DeliveryEnvelope.readFrom(in);
			digest = DeliveryEnvelope.readOptional(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Stored item has no readable header: " + ex.getMessage(), ex);
		}
		int at = PREFIX + headLength;
		if (kind == WIRE_JSON) {
			return restore(envelope, object(parse(bytes, at, bytes.length - at, "payload")));
		}
		if ((kind != BEACON_BODY && kind != BEACON_PLAINTEXT) || envelope.channel() != Channel.BEACON) {
			throw new IllegalStateException("Stored item has payload kind " + kind + " on channel "
					+ envelope.channel().wireName());
		}
		BeaconSource source = BeaconSource.of(
				(kind == BEACON_BODY) ? BeaconSource.Form.BODY : BeaconSource.Form.PLAINTEXT, buffer.position(at));
		try {
			return new BeaconDelivery(envelope.id(), BeaconDecoder.readAgain(source), envelope.context(), digest);
		}
		catch (RuntimeException ex) {
			throw new UnrestorableException(envelope, wireForm(source, bytes, at), PendingDelivery.describe(null, ex));
		}
	}

	private Delivery decodeJson(byte[] bytes) {
		JsonNode node = parse(bytes, 0, bytes.length, "item");
		return restore(envelope(node), object(node.get("payload")));
	}

	private Delivery restore(DeliveryEnvelope envelope, ObjectNode payload) {
		try {
			return this.restorers.restore(envelope.channel(), envelope.id(), payload, envelope.context());
		}
		catch (Restorers.Unrestorable ex) {
			throw new UnrestorableException(envelope, payload, ex.getMessage());
		}
	}

	/** What the dead letter of a beacon that no longer reads carries: its data object as sent. */
	private static ObjectNode wireForm(BeaconSource source, byte[] bytes, int at) {
		JsonNode json = parse(bytes, at, bytes.length - at, "payload");
		JsonNode data = json.get("data");
		return (source.form() == BeaconSource.Form.BODY && data != null && data.isObject()) ? (ObjectNode) data
				: object(json);
	}

	private static DeliveryEnvelope envelope(JsonNode node) {
		try {
			return DeliveryEnvelope.readFrom(node);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Stored item has no readable envelope: " + ex.getMessage(), ex);
		}
	}

	private static JsonNode parse(byte[] bytes, int offset, int length, String part) {
		try {
			return mapper.readTree(bytes, offset, length);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Stored item's " + part + " is not JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static ObjectNode object(@Nullable JsonNode payload) {
		if (payload == null || !payload.isObject()) {
			throw new IllegalStateException("Stored item has no payload object");
		}
		return (ObjectNode) payload;
	}

	private static boolean holdsTrees(BeaconPayload payload) {
		DeviceInfo device = payload.deviceInfo();
		if (device != null && anyContainer(device.extras().values())) {
			return true;
		}
		for (BeaconEvent event : payload.events()) {
			Map<String, JsonNode> extras;
			if (event instanceof BeaconEvent.PageView view) {
				extras = view.extras();
			}
			else if (event instanceof BeaconEvent.Click click) {
				extras = click.extras();
			}
			else if (event instanceof BeaconEvent.WebVital vital) {
				extras = vital.extras();
			}
			else if (event instanceof BeaconEvent.Custom custom) {
				extras = custom.extras();
			}
			else if (event instanceof BeaconEvent.Error error) {
				extras = error.extras();
			}
			else {
				return true;
			}
			if (anyContainer(extras.values())) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyContainer(Collection<JsonNode> values) {
		for (JsonNode value : values) {
			if (value.isContainer()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A stored item that no restorer accepts any more (its channel was switched off, or
	 * the payload no longer reads); it is dead-lettered with what could be read of it.
	 */
	static final class UnrestorableException extends RuntimeException {

		private final transient DeliveryEnvelope envelope;

		private final transient ObjectNode payload;

		UnrestorableException(DeliveryEnvelope envelope, ObjectNode payload, String message) {
			super(message);
			this.envelope = envelope;
			this.payload = payload;
		}

		DeliveryEnvelope envelope() {
			return this.envelope;
		}

		ObjectNode payload() {
			return this.payload;
		}

	}

}
