package io.unisights.spring.ingest;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code unisights.ingest.secrets} or {@code unisights.ingest.public-keys}
 * holds at least one non-blank value, whether written as a comma-separated string or as an
 * indexed list (which {@code @ConditionalOnProperty} would not see): the endpoint is on as
 * soon as it can verify something.
 */
final class OnIngestKeysCondition extends SpringBootCondition {

	private static final List<String> PROPERTIES = List.of("unisights.ingest.secrets",
			"unisights.ingest.public-keys");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		for (String property : PROPERTIES) {
			List<String> values = binder.bind(property, Bindable.listOf(String.class)).orElse(List.of());
			if (values.stream().anyMatch((value) -> value != null && !value.isBlank())) {
				return ConditionOutcome.match(property + " is set");
			}
		}
		return ConditionOutcome.noMatch("neither unisights.ingest.secrets nor unisights.ingest.public-keys is set");
	}

}
