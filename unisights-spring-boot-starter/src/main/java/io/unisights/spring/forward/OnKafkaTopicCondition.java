package io.unisights.spring.forward;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a Kafka topic is configured: {@code unisights.forward.kafka.topic} or any
 * {@code unisights.forward.kafka.topics.<channel>}. A host that names a topic per channel
 * and no common topic means to forward just as much as one that names a common topic.
 */
final class OnKafkaTopicCondition extends SpringBootCondition {

	private static final String PREFIX = "unisights.forward.kafka.";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		String topic = binder.bind(PREFIX + "topic", String.class).orElse("");
		if (!topic.isBlank()) {
			return ConditionOutcome.match(PREFIX + "topic is set");
		}
		Map<String, String> topics = binder.bind(PREFIX + "topics", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		boolean any = topics.values().stream().anyMatch((value) -> value != null && !value.isBlank());
		return any ? ConditionOutcome.match(PREFIX + "topics is set")
				: ConditionOutcome.noMatch("neither " + PREFIX + "topic nor " + PREFIX + "topics is set");
	}

}
