package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the delivery of accepted items. Dead letters are an operator's signal, not an
 * availability one: they only appear in the details of an {@code UP} status, so that a
 * failing handler never takes every node that saw it out of a load balancer's pool. The
 * status is {@code DOWN} while the asynchronous store cannot keep items (its database
 * fails or does not answer: every sender gets 503), as the store last found it, so that
 * the check never waits on the database itself; and {@code OUT_OF_SERVICE} while the
 * queue is nearly full, the moment from which this node is about to answer senders with
 * 503.
 */
final class DeliveryHealthIndicator implements HealthIndicator {

	private final DeliveryMetrics metrics;

	private final @Nullable AsynchronousEventDispatcher dispatcher;

	@SuppressWarnings("deprecation")
	private final @Nullable JsonlDeadLetterFile deadLetterFile;

	private final DeliveryProperties.Health thresholds;

	private final Clock clock;

	@SuppressWarnings("deprecation")
	DeliveryHealthIndicator(DeliveryMetrics metrics, @Nullable AsynchronousEventDispatcher dispatcher,
			@Nullable JsonlDeadLetterFile deadLetterFile, DeliveryProperties.Health thresholds, Clock clock) {
		this.metrics = metrics;
		this.dispatcher = dispatcher;
		this.deadLetterFile = deadLetterFile;
		this.thresholds = thresholds;
		this.clock = clock;
	}

	@Override
	public Health health() {
		boolean outOfService = false;
		boolean down = false;
		Health.Builder builder = new Health.Builder();
		builder.withDetail("mode", (this.dispatcher != null) ? "async" : "sync");
		if (this.dispatcher != null) {
			DeliveryStore store = this.dispatcher.store();
			DeliveryStore.Availability availability = store.availability();
			if (!availability.available()) {
				down = true;
				builder.withDetail("reason", "store unavailable")
					.withDetail("storeProblem", String.valueOf(availability.problem()));
			}
			int size = store.size();
			int capacity = store.capacity();
			builder.withDetail("queueSize", size).withDetail("queueCapacity", capacity);
			if (!down && size >= Math.ceil(capacity * this.thresholds.queueThreshold())) {
				outOfService = true;
				builder.withDetail("reason", "queue nearly full");
			}
		}
		builder.withDetail("delivered", this.metrics.total(DeliveryMetrics.Counter.DELIVERED))
			.withDetail("deadLettered", this.metrics.deadLettered());
		Instant last = this.metrics.lastDeadLetteredAt();
		if (last != null) {
			builder.withDetail("lastDeadLetteredAt", last.toString());
			Duration since = Duration.between(last, this.clock.instant());
			builder.withDetail("deadLetteredRecently", since.compareTo(this.thresholds.deadLetterWindow()) < 0);
		}
		long deadLetterFailures = this.metrics.total(DeliveryMetrics.Counter.DEAD_LETTER_FAILURES);
		if (deadLetterFailures > 0) {
			builder.withDetail("deadLetterFailures", deadLetterFailures);
		}
		if (this.deadLetterFile != null) {
			// The file's name only: health details are often shown to anyone who can reach
			// the node, and an absolute path tells them about its file system. The
			// dead-letter endpoint, behind the host's security, names the whole path.
			Path name = this.deadLetterFile.path().getFileName();
			builder.withDetail("deadLetterFile", (name != null) ? name.toString() : "")
				.withDetail("deadLetterFileBytes", this.deadLetterFile.size());
		}
		return (down ? builder.down() : outOfService ? builder.outOfService() : builder.up()).build();
	}

}
