package io.unisights.spring.delivery.deadletter;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the collector's dead letters can be read back: the dead-letter file will be
 * made (no collector sink yet), or a {@link ReplayableDeadLetterSink} bean exists (the
 * kafka store's topic, a host's own). Decided without regard to the order in which the
 * beans of {@link DeadLetterAutoConfiguration} are registered.
 */
class OnReplayableDeadLetterSinkCondition extends AnyNestedCondition {

	OnReplayableDeadLetterSinkCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(OnMissingCollectorDeadLetterSinkCondition.class)
	static class TheFile {

	}

	@ConditionalOnBean(ReplayableDeadLetterSink.class)
	static class AReplayableSink {

	}

}
