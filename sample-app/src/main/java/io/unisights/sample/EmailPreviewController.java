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
 * the demo's hosts are signed; a message with any other link is refused with 422.
 */
@RestController
class EmailPreviewController {

	private final TrackingLinks links;

	private final DemoLinkHosts hosts;

	EmailPreviewController(TrackingLinks links, DemoLinkHosts hosts) {
		this.links = links;
		this.hosts = hosts;
	}

	@PostMapping(path = "/sample/emails/preview", consumes = MediaType.TEXT_HTML_VALUE,
			produces = MediaType.TEXT_HTML_VALUE)
	String preview(@RequestBody String html) {
		this.hosts.check(html);
		ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("demo", true);
		return this.links.rewriteHtml(html, metadata);
	}

}
