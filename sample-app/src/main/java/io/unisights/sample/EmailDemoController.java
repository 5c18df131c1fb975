package io.unisights.sample;

import java.util.UUID;

import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backs the email demo page ({@code /email/}): rewrites a message so that its links and
 * pixel point at the host the page was loaded from, whatever port the sample runs on.
 * Each rewrite is a new message with its own {@code message_id} in the metadata.
 * <p>
 * A production sender mints links under its fixed public base URL (the
 * {@link TrackingLinks} bean, {@code unisights.tracking.base-url}); following the request's
 * host is for the demo only. Like the preview, it signs links only to the demo's hosts
 * ({@link DemoLinks}).
 */
@RestController
class EmailDemoController {

	private final TrackingCodec codec;

	private final String openPath;

	private final String clickPath;

	private final DemoLinks demoLinks;

	EmailDemoController(TrackingCodec codec, @Value("${unisights.tracking.open-path:/t/open}") String openPath,
			@Value("${unisights.tracking.click-path:/t/click}") String clickPath, DemoLinks demoLinks) {
		this.codec = codec;
		this.demoLinks = demoLinks;
		this.openPath = openPath;
		this.clickPath = clickPath;
	}

	/**
	 * Rewrites a message as the sender would before sending it.
	 * @param email the message: {@code html} and an optional {@code campaign}
	 * @param request the request, whose scheme, host and port the links use
	 * @return the message id and the rewritten HTML
	 */
	@PostMapping(path = "/sample/emails/demo", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	RewrittenEmail rewrite(@RequestBody EmailDraft email, HttpServletRequest request) {
		String baseUrl = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
				+ request.getContextPath();
		TrackingLinks links = TrackingLinks.builder(this.codec)
			.baseUrl(baseUrl)
			.openPath(this.openPath)
			.clickPath(this.clickPath)
			.build();
		// Unique across restarts too: the store keeps the messages of earlier runs.
		String messageId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
		ObjectNode metadata = JsonNodeFactory.instance.objectNode()
			.put("message_id", messageId)
			.put("campaign", (email.campaign() != null) ? email.campaign() : "demo");
		this.demoLinks.check(email.html(), links, metadata);
		return new RewrittenEmail(messageId, links.rewriteHtml(email.html(), metadata));
	}

	/**
	 * A message to rewrite.
	 *
	 * @param html the HTML message
	 * @param campaign campaign name put into the links' metadata
	 */
	record EmailDraft(String html, @Nullable String campaign) {

	}

	/**
	 * A rewritten message.
	 *
	 * @param messageId the id its opens and clicks report
	 * @param html the message with tracked links and an open pixel
	 */
	record RewrittenEmail(String messageId, String html) {

	}

}
