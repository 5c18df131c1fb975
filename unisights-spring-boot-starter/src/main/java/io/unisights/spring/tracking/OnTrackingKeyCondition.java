package io.unisights.spring.tracking;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when tracking is explicitly enabled, or not explicitly disabled and at least one
 * key is configured. An explicit {@code enabled=true} without key matches on purpose, so
 * that binding {@link TrackingProperties} fails startup with a message saying what to set.
 */
final class OnTrackingKeyCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("unisights.tracking.enabled", Boolean.class).orElse(null);
		if (Boolean.FALSE.equals(enabled)) {
			return ConditionOutcome.noMatch("unisights.tracking.enabled is false");
		}
		if (Boolean.TRUE.equals(enabled)) {
			return ConditionOutcome.match("unisights.tracking.enabled is true");
		}
		List<String> keys = binder.bind("unisights.tracking.keys", Bindable.listOf(String.class)).orElse(List.of());
		return keys.isEmpty() ? ConditionOutcome.noMatch("no unisights.tracking.keys configured")
				: ConditionOutcome.match("unisights.tracking.keys configured");
	}

}
