package io.unisights.spring.ingest;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code unisights.ingest.secrets} holds at least one non-blank value,
 * whether written as a comma-separated string or as an indexed list (which
 * {@code @ConditionalOnProperty} would not see).
 */
final class OnIngestSecretsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<String> secrets = Binder.get(context.getEnvironment())
			.bind("unisights.ingest.secrets", Bindable.listOf(String.class))
			.orElse(List.of());
		boolean any = secrets.stream().anyMatch((secret) -> secret != null && !secret.isBlank());
		return any ? ConditionOutcome.match("unisights.ingest.secrets is set")
				: ConditionOutcome.noMatch("unisights.ingest.secrets is not set");
	}

}
