package io.unisights.spring.test;

import java.net.URI;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.tracking.TrackingProperties;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;

import org.springframework.context.ApplicationContext;

/**
 * Open-pixel and click-redirect links minted with the application's own
 * {@link TrackingCodec} and paths by the core {@link TrackingLinks}, answered as paths for
 * MockMvc or a test server, whether or not {@code unisights.tracking.base-url} is set:
 * <pre class="code">
 * TestTrackingLinks links = TestTrackingLinks.of(context);
 * mockMvc.perform(get(links.clickPath("https://shop.example.com/sale", Map.of("message_id", "m-1"))))
 *     .andExpect(status().isFound());
 * </pre>
 */
public final class TestTrackingLinks {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final TrackingLinks links;

	private TestTrackingLinks(TrackingLinks links) {
		this.links = links;
	}

	/**
	 * Mints with the codec and paths of an application context in which tracking is on
	 * ({@code unisights.tracking.keys} set).
	 * @param context the application context
	 * @return the links
	 */
	public static TestTrackingLinks of(ApplicationContext context) {
		return of(context.getBean(TrackingCodec.class), context.getBean(TrackingProperties.class));
	}

	/**
	 * Mints with the given codec at the paths of the given settings.
	 * @param codec the codec that the endpoints verify with
	 * @param properties the tracking settings (for the open and click paths)
	 * @return the links
	 */
	public static TestTrackingLinks of(TrackingCodec codec, TrackingProperties properties) {
		// The base is cut off again: only the path reaches the endpoints.
		return new TestTrackingLinks(TrackingLinks.builder(codec)
			.baseUrl("https://mail.example.com")
			.openPath(properties.openPath())
			.clickPath(properties.clickPath())
			.maxLinkLength(properties.maxLinkLength())
			.build());
	}

	/**
	 * Returns the path of an open pixel.
	 * @param metadata what the open reports, such as a message id
	 * @return the path, starting with {@code unisights.tracking.open-path}
	 */
	public String openPath(Map<String, ?> metadata) {
		return URI.create(this.links.openUrl(json(metadata))).getRawPath();
	}

	/**
	 * Returns the path of a click redirect.
	 * @param targetUrl where the click redirects to
	 * @param metadata what the click reports, such as a message id
	 * @return the path, starting with {@code unisights.tracking.click-path}
	 */
	public String clickPath(String targetUrl, Map<String, ?> metadata) {
		return URI.create(this.links.clickUrl(targetUrl, json(metadata))).getRawPath();
	}

	private static ObjectNode json(Map<String, ?> metadata) {
		return mapper.valueToTree(metadata);
	}

}
