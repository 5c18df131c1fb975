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
 * tracked and the open pixel added, with metadata {@code {"demo": true}}.
 */
@RestController
class EmailPreviewController {

	private final TrackingLinks links;

	EmailPreviewController(TrackingLinks links) {
		this.links = links;
	}

	@PostMapping(path = "/sample/emails/preview", consumes = MediaType.TEXT_HTML_VALUE,
			produces = MediaType.TEXT_HTML_VALUE)
	String preview(@RequestBody String html) {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("demo", true);
		return this.links.rewriteHtml(html, metadata);
	}

}
