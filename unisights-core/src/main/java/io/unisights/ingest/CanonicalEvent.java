package io.unisights.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A business event one backend reports to another: an order was created, a payment
 * failed. Its {@code id} is the idempotency key: a receiver that sees the same id twice
 * handles the event once, so a sender may retry freely.
 * <p>
 * The wire form is the JSON object written by {@link CanonicalEventWireFormat}:
 * <pre>{@code
 * {"id":"evt_…","type":"order.created","occurred_at":"2025-05-01T10:15:30Z","source":"shop",
 *  "identity":{"id":"cus_123","email":"jane@example.com"},"data":{"total":99.9},
 *  "sent_at":"2025-05-01T10:15:31Z"}
 * }</pre>
 *
 * @param id unique id of the event, the idempotency key
 * @param type the event type, such as {@code order.created}; see {@link EventTypes}
 * @param occurredAt when the event happened, by the sender's clock
 * @param source name of the sending system, such as {@code shop} or {@code billing}
 * @param identity who the event is about
 * @param data the event's own fields; treat as read-only once the event is built
 * @param sentAt when the sender put the event on the wire, by the same clock as
 * {@code occurredAt}; lets the receiver correct for a sender's clock skew
 */
public record CanonicalEvent(String id, String type, Instant occurredAt, String source, Identity identity,
		ObjectNode data, @Nullable Instant sentAt) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public CanonicalEvent {
		requireText(id, "id");
		requireText(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		requireText(source, "source");
		Objects.requireNonNull(identity, "identity");
		Objects.requireNonNull(data, "data");
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

	/**
	 * Starts building an event of the given type. The builder generates the event's id
	 * once, at {@link Builder#build()}, unless one is given.
	 * @param type the event type, such as {@code order.created}
	 * @return a builder
	 */
	public static Builder builder(String type) {
		return new Builder(type);
	}

	/**
	 * Returns this event with the given send time, as a sender does just before it puts
	 * the event on the wire.
	 * @param sentAt the send time
	 * @return an event that differs from this one in {@code sentAt} only
	 */
	public CanonicalEvent withSentAt(@Nullable Instant sentAt) {
		return new CanonicalEvent(this.id, this.type, this.occurredAt, this.source, this.identity, this.data,
				sentAt);
	}

	/**
	 * Builds a {@link CanonicalEvent}.
	 */
	public static final class Builder {

		private @Nullable String id;

		private final String type;

		private @Nullable Instant occurredAt;

		private @Nullable String source;

		private Identity identity = Identity.none();

		private final ObjectNode data = EventJson.NODES.objectNode();

		private Clock clock = Clock.systemUTC();

		private Builder(String type) {
			this.type = type;
		}

		/**
		 * Sets the event's id; by default a random {@code evt_} id is generated. Give the id
		 * of the business fact (an order number plus a suffix) when the same fact may be
		 * reported again, so that the receiver recognises it.
		 * @param id the id
		 * @return this builder
		 */
		public Builder id(String id) {
			this.id = id;
			return this;
		}

		/**
		 * Sets when the event happened; by default, when it is built.
		 * @param occurredAt the time
		 * @return this builder
		 */
		public Builder occurredAt(Instant occurredAt) {
			this.occurredAt = occurredAt;
			return this;
		}

		/**
		 * Sets the name of the sending system. Required.
		 * @param source the name, such as {@code shop}
		 * @return this builder
		 */
		public Builder source(String source) {
			this.source = source;
			return this;
		}

		/**
		 * Sets who the event is about.
		 * @param identity the identity
		 * @return this builder
		 */
		public Builder identity(Identity identity) {
			this.identity = identity;
			return this;
		}

		/**
		 * Sets who the event is about by id only.
		 * @param id the subject's id in the sending system
		 * @return this builder
		 */
		public Builder identity(String id) {
			this.identity = Identity.of(id);
			return this;
		}

		/**
		 * Adds the fields of a JSON object to the event's data.
		 * @param fields the fields
		 * @return this builder
		 */
		public Builder data(ObjectNode fields) {
			this.data.setAll(fields);
			return this;
		}

		/**
		 * Adds one field to the event's data; values are converted as Jackson converts
		 * them (strings, numbers, booleans, maps, lists, {@link JsonNode}s).
		 * @param name the field name
		 * @param value the value
		 * @return this builder
		 */
		public Builder data(String name, @Nullable Object value) {
			this.data.set(name, EventJson.MAPPER.valueToTree(value));
			return this;
		}

		/**
		 * Adds several fields to the event's data.
		 * @param fields the fields
		 * @return this builder
		 */
		public Builder data(Map<String, ?> fields) {
			fields.forEach(this::data);
			return this;
		}

		Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the event, generating its id if none was set.
		 * @return the event
		 * @throws IllegalArgumentException if the type or source is blank
		 */
		public CanonicalEvent build() {
			String eventId = (this.id != null) ? this.id : "evt_" + UUID.randomUUID();
			Instant occurred = (this.occurredAt != null) ? this.occurredAt : this.clock.instant();
			if (this.source == null) {
				throw new IllegalArgumentException("source must be set");
			}
			return new CanonicalEvent(eventId, this.type, occurred, this.source, this.identity, this.data.deepCopy(),
					null);
		}

	}

}
