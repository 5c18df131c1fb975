package io.unisights.sample;

import io.unisights.spring.tracking.RedirectHosts;
import io.unisights.tracking.TrackingLinkTooLongException;
import io.unisights.tracking.TrackingLinks;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Checks the links the sample's email endpoints are asked to sign, before any is signed:
 * each must be a link the codec signs, short enough, and to a host of the collector's
 * click allow-list ({@link RedirectHosts}, {@code unisights.tracking.allowed-redirect-hosts}),
 * read as the click redirect reads it. Without the host check anyone could have the demo
 * sign links to a site of their own and send them in the sample's name; with it the demo
 * never mints a link the click redirect would refuse. An empty list, which lets the
 * redirect follow every signed link, signs no link here.
 */
@Component
class DemoLinks {

	/** The attribute by which a message keeps a link untracked (the rewriter's default). */
	private static final String OPT_OUT_ATTRIBUTE = "data-unisights-notrack";

	private final RedirectHosts hosts;

	DemoLinks(RedirectHosts hosts) {
		this.hosts = hosts;
	}

	/**
	 * Checks every link of a message that the rewriter would sign, as it would sign it.
	 * @param html the message
	 * @param links the links the message is to be rewritten with
	 * @param metadata the metadata its links are to carry
	 * @throws LinkRefusedException naming the first link refused, and why
	 */
	void check(String html, TrackingLinks links, ObjectNode metadata) {
		for (Element anchor : Jsoup.parse(html).getElementsByTag("a")) {
			String href = anchor.attr("href").strip();
			if (anchor.hasAttr("href") && !anchor.hasAttr(OPT_OUT_ATTRIBUTE) && isHttp(href)
					&& !links.isTrackingLink(href)) {
				checkLink(href, links, metadata);
			}
		}
	}

	private void checkLink(String href, TrackingLinks links, ObjectNode metadata) {
		try {
			links.clickUrl(href, metadata);
		}
		catch (TrackingLinkTooLongException ex) {
			throw new LinkRefusedException(LinkRefusedException.Reason.LINK_TOO_LONG, href, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			// The codec's words: not a valid URI, not absolute http(s), no host.
			throw new LinkRefusedException(LinkRefusedException.Reason.INVALID_LINK, href, ex.getMessage());
		}
		if (this.hosts.allowsEveryHost() || !this.hosts.allowsTarget(href)) {
			throw new LinkRefusedException(LinkRefusedException.Reason.LINK_HOST_NOT_ALLOWED, href,
					"the demo signs links only to " + (this.hosts.allowsEveryHost()
							? "the hosts of unisights.tracking.allowed-redirect-hosts, and none is set"
							: String.join(", ", this.hosts.hosts())));
		}
	}

	private static boolean isHttp(String url) {
		return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
	}

}
