package io.unisights.sample;

import io.unisights.tracking.TrackingLinks;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what email tracking does to a message: post HTML, get it back with every link
 * tracked and the open pixel added, with metadata {@code {"demo": true}}. Only links to
 * the demo's hosts are signed; a message with any other link, or a link the codec
 * does not sign (not a valid URI, too long), is refused with a 422 naming it.
 */
@RestController
class EmailPreviewController {

	private final TrackingLinks links;

	private final DemoLinks demoLinks;

	EmailPreviewController(TrackingLinks links, DemoLinks demoLinks) {
		this.links = links;
		this.demoLinks = demoLinks;
	}

	@PostMapping(path = "/sample/emails/preview", consumes = MediaType.TEXT_HTML_VALUE,
			produces = MediaType.TEXT_HTML_VALUE)
	String preview(@RequestBody String html) {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("demo", true);
		this.demoLinks.check(html, this.links, metadata);
		return this.links.rewriteHtml(html, metadata);
	}

}
