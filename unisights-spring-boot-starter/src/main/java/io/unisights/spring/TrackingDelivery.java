package io.unisights.spring;

import io.unisights.tracking.TrackingToken;
import tools.jackson.databind.node.ObjectNode;

/**
 * An email open or click: a delivery caused by a verified tracking link. Opens and clicks
 * carry the same link content and share their wire form and partition key; handle this type
 * to treat both alike.
 */
public sealed interface TrackingDelivery extends Delivery permits OpenDelivery, ClickDelivery {

	/**
	 * What the link carries: metadata, when it was minted, its format and, for a click, its
	 * target.
	 * @return the verified token
	 */
	TrackingToken token();

	/**
	 * Whether the request looks machine-made, and why.
	 * @return the automation verdict
	 */
	Automation automation();

	/**
	 * The metadata the sender put in the link.
	 * @return the metadata object; copy it before modifying it
	 */
	default ObjectNode metadata() {
		return token().metadata();
	}

	/**
	 * The metadata's {@code recipient} when it names one, otherwise the metadata as a whole,
	 * so that the opens and clicks of one message share a partition.
	 */
	@Override
	default String partitionKey() {
		return TrackingWireData.partitionKey(token());
	}

	/**
	 * The open or click in wire form: {@code metadata}, {@code tracked_url} (null for an
	 * open), {@code sent_at}, {@code expires_at}, {@code key_id}, {@code automated},
	 * {@code automated_reason}, {@code format} and, for pytracking links that embed one,
	 * {@code webhook_url}.
	 */
	@Override
	default ObjectNode wireData() {
		return TrackingWireData.of(token(), automation());
	}

}
