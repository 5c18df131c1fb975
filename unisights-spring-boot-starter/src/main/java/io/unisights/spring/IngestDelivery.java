package io.unisights.spring;

import java.time.Duration;
import java.time.Instant;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.CanonicalEventWireFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * A business event posted by another backend, its Standard Webhooks signature verified.
 * The event is as the sender wrote it; {@link #timestamp()} is when it happened by the
 * collector's clock.
 *
 * @param id delivery id: the event's own id, the sender's idempotency key
 * @param event the event as sent, {@code occurred_at} by the sender's clock included
 * @param timestamp when the event happened, corrected for the sender's clock skew
 * @param context the request that carried the event
 */
public record IngestDelivery(String id, CanonicalEvent event, Instant timestamp, RequestContext context)
		implements Delivery {

	/**
	 * Creates the delivery of an event received with the given request. When the event
	 * carries {@code sent_at}, the sender's clock skew is removed the way the large
	 * ingestion APIs do it: {@code timestamp = received_at − (sent_at − occurred_at)},
	 * never later than {@code received_at}; without it, {@code timestamp = occurred_at}.
	 * @param event the event
	 * @param context the request, whose {@code receivedAt} is the collector's clock
	 * @return the delivery
	 */
	public static IngestDelivery of(CanonicalEvent event, RequestContext context) {
		Instant timestamp = event.occurredAt();
		if (event.sentAt() != null) {
			Duration lag = Duration.between(event.occurredAt(), event.sentAt());
			timestamp = context.receivedAt().minus(lag.isNegative() ? Duration.ZERO : lag);
		}
		return new IngestDelivery(event.id(), event, timestamp, context);
	}

	@Override
	public Channel channel() {
		return Channel.INGEST;
	}

	@Override
	public String partitionKey() {
		String subject = this.event.identity().id();
		return (subject != null) ? subject : this.id;
	}

	@Override
	public ObjectNode wireData() {
		return CanonicalEventWireFormat.toJson(this.event);
	}

}
