/**
 * The Kafka delivery store ({@code unisights.delivery.store=kafka}): an accepted item is a
 * record of one topic, acknowledged by the brokers before the answer, and the instances
 * of one consumer group run the handlers on it, committing each batch's offsets once
 * every item in it was delivered or dead-lettered.
 */
@NullMarked
package io.unisights.spring.delivery.kafka;

import org.jspecify.annotations.NullMarked;
