package io.unisights.spring.delivery.deadletter;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.delivery.Receipt;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the host declares no dead-letter sink for the collector: no
 * {@code DeadLetterSink<Receipt>} bean, and no {@code DeadLetterSink} bean whose type
 * argument is unknown (a raw registration). {@code @ConditionalOnMissingBean} sees either
 * only the raw type, and then an events client's {@code DeadLetterSink<SendFailure>} bean
 * would switch the file off, or only the parameterized one, and then a raw host sink would
 * sit unused beside the file. The collector's stores that bring a sink of their own (the
 * kafka store's dead-letter topic) use it as well, so that the host's sink wins over theirs.
 */
public final class OnMissingCollectorDeadLetterSinkCondition extends SpringBootCondition implements ConfigurationCondition {

	/** Made by Spring from {@code @Conditional}. */
	public OnMissingCollectorDeadLetterSinkCondition() {
	}

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory != null) {
			for (String name : beanFactory.getBeanNamesForType(DeadLetterSink.class, true, false)) {
				if (isCollectorSink(beanFactory, name)) {
					return ConditionOutcome.noMatch("found the collector's dead-letter sink bean '" + name + "'");
				}
			}
		}
		return ConditionOutcome.match("no DeadLetterSink<Receipt> bean");
	}

	private static boolean isCollectorSink(ConfigurableListableBeanFactory beanFactory, String name) {
		ResolvableType type = null;
		if (beanFactory.containsBeanDefinition(name)) {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
			type = definition.getResolvableType();
		}
		if (type == null || type == ResolvableType.NONE) {
			Class<?> beanType = beanFactory.getType(name, false);
			type = (beanType != null) ? ResolvableType.forClass(beanType) : ResolvableType.NONE;
		}
		Class<?> detail = type.as(DeadLetterSink.class).getGeneric(0).resolve();
		return detail == null || detail == Receipt.class;
	}

}
