package io.unisights.spring.tracking;

import java.time.Clock;

import io.unisights.spring.Channel;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.privacy.PrivacyAutoConfiguration;
import io.unisights.spring.privacy.RequestContextResolver;
import io.unisights.spring.privacy.UserAgentClassifier;
import io.unisights.spring.web.EndpointFilter;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of email open and click tracking: the {@link TrackingCodec}, the
 * {@link TrackingLinks} that hosts use to mint links (when {@code unisights.tracking.base-url}
 * is set), the open pixel and the click redirect endpoints. Switches on when
 * {@code unisights.tracking.keys} holds at least one key.
 */
@AutoConfiguration(
		after = { UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class, PrivacyAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@Conditional(OnTrackingKeyCondition.class)
@EnableConfigurationProperties(TrackingProperties.class)
public final class TrackingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TrackingCodec trackingCodec(TrackingProperties properties, ObjectProvider<Clock> clock) {
		try {
			return TrackingCodec.builder()
				.keys(properties.keys())
				.encrypt(properties.encrypt())
				.encoding(properties.encoding())
				.ttl(properties.ttl())
				.clock(clock.getIfUnique(Clock::systemUTC))
				.pytrackingFernetKeys(properties.pytracking().fernetKeys())
				.acceptUnsignedPytracking(properties.pytracking().acceptUnsigned())
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid unisights.tracking configuration: " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("unisights.tracking.base-url")
	TrackingLinks trackingLinks(TrackingCodec trackingCodec, TrackingProperties properties) {
		String baseUrl = properties.baseUrl();
		try {
			return TrackingLinks.builder(trackingCodec)
				.baseUrl((baseUrl != null) ? baseUrl : "")
				.openPath(properties.openPath())
				.clickPath(properties.clickPath())
				.maxLinkLength(properties.maxLinkLength())
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid unisights.tracking.base-url: " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	OpenPixelController openPixelController(TrackingCodec trackingCodec, EventDispatcher eventDispatcher,
			ObjectProvider<Clock> clock, ObjectProvider<RequestContextResolver> contexts,
			ObjectProvider<UserAgentClassifier> classifier) {
		return new OpenPixelController(requests(trackingCodec, eventDispatcher, clock, contexts, classifier));
	}

	@Bean
	@ConditionalOnMissingBean
	RedirectHosts unisightsRedirectHosts(TrackingProperties properties) {
		return RedirectHosts.of(properties.allowedRedirectHosts());
	}

	@Bean
	@ConditionalOnMissingBean
	ClickRedirectController clickRedirectController(TrackingCodec trackingCodec, EventDispatcher eventDispatcher,
			RedirectHosts redirectHosts, ObjectProvider<Clock> clock, ObjectProvider<RequestContextResolver> contexts,
			ObjectProvider<UserAgentClassifier> classifier) {
		return new ClickRedirectController(requests(trackingCodec, eventDispatcher, clock, contexts, classifier),
				redirectHosts);
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsTrackingEndpointFilter")
	FilterRegistrationBean<EndpointFilter> unisightsTrackingEndpointFilter(TrackingProperties properties,
			ObjectProvider<DispatcherServletPath> dispatcherServletPath) {
		return EndpointFilter.answering()
			.registration(dispatcherServletPath.getIfAvailable(), properties.openPath() + "/*",
					properties.clickPath() + "/*");
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsOpenDeliveryRestorer")
	TrackingDeliveryRestorer unisightsOpenDeliveryRestorer() {
		return new TrackingDeliveryRestorer(Channel.OPEN);
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsClickDeliveryRestorer")
	TrackingDeliveryRestorer unisightsClickDeliveryRestorer() {
		return new TrackingDeliveryRestorer(Channel.CLICK);
	}

	private static TrackingRequests requests(TrackingCodec codec, EventDispatcher dispatcher,
			ObjectProvider<Clock> clock, ObjectProvider<RequestContextResolver> contexts,
			ObjectProvider<UserAgentClassifier> classifier) {
		return new TrackingRequests(codec,
				new AutomationClassifier(AutomationClassifier.DEFAULT_MIN_CLICK_DELAY, classifier.getIfUnique()),
				clock.getIfUnique(Clock::systemUTC), contexts.getIfUnique(RequestContextResolver::keepingEverything),
				dispatcher);
	}

}
