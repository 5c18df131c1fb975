package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports {@code OUT_OF_SERVICE} while the asynchronous queue is nearly full or while
 * items are being dead-lettered (one was within the configured window), so that a load
 * balancer can take the instance out of rotation before senders see 503s.
 */
final class DeliveryHealthIndicator implements HealthIndicator {

	private final DeliveryStatistics statistics;

	private final @Nullable AsynchronousEventDispatcher dispatcher;

	private final @Nullable JsonlDeadLetterFile deadLetterFile;

	private final DeliveryProperties.Health thresholds;

	private final Clock clock;

	DeliveryHealthIndicator(DeliveryStatistics statistics, @Nullable AsynchronousEventDispatcher dispatcher,
			@Nullable JsonlDeadLetterFile deadLetterFile, DeliveryProperties.Health thresholds, Clock clock) {
		this.statistics = statistics;
		this.dispatcher = dispatcher;
		this.deadLetterFile = deadLetterFile;
		this.thresholds = thresholds;
		this.clock = clock;
	}

	@Override
	public Health health() {
		boolean outOfService = false;
		Health.Builder builder = new Health.Builder();
		builder.withDetail("mode", (this.dispatcher != null) ? "async" : "sync");
		if (this.dispatcher != null) {
			int size = this.dispatcher.queueSize();
			int capacity = this.dispatcher.capacity();
			builder.withDetail("queueSize", size).withDetail("queueCapacity", capacity);
			if (size >= Math.ceil(capacity * this.thresholds.queueThreshold())) {
				outOfService = true;
				builder.withDetail("reason", "queue nearly full");
			}
		}
		builder.withDetail("delivered", this.statistics.delivered())
			.withDetail("deadLettered", this.statistics.deadLettered());
		Instant last = this.statistics.lastDeadLetteredAt();
		if (last != null) {
			builder.withDetail("lastDeadLetteredAt", last.toString());
			Duration since = Duration.between(last, this.clock.instant());
			if (since.compareTo(this.thresholds.deadLetterWindow()) < 0) {
				outOfService = true;
				builder.withDetail("reason", "items are being dead-lettered");
			}
		}
		if (this.statistics.deadLetterFailures() > 0) {
			outOfService = true;
			builder.withDetail("deadLetterFailures", this.statistics.deadLetterFailures());
		}
		if (this.deadLetterFile != null) {
			builder.withDetail("deadLetterFile", this.deadLetterFile.path().toString())
				.withDetail("deadLetterFileBytes", this.deadLetterFile.size());
		}
		return (outOfService ? builder.outOfService() : builder.up()).build();
	}

}
