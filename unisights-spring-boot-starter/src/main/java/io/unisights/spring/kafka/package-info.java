/**
 * What the collector's own Kafka clients share: the forwarder's producer and the kafka
 * delivery store's producer, consumer and admin client are configured the way Boot
 * configures the host's clients ({@code spring.kafka.*}, connection details), with each
 * feature's settings on top, and carry the same routing headers.
 */
@NullMarked
package io.unisights.spring.kafka;

import org.jspecify.annotations.NullMarked;
