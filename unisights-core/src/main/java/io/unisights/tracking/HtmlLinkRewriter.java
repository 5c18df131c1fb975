package io.unisights.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites links in an HTML message by splicing into the original text. jsoup parses the
 * message the way a browser would and reports where each {@code href} value and the
 * {@code </body>} tag sit in the source; only those spans change, so doctype, comments,
 * Outlook conditional comments, entities and formatting survive exactly, which
 * re-serialising a parsed tree would not guarantee.
 *
 * @param links the links that sign what is rewritten
 * @param optOutAttribute the attribute that keeps an anchor as it is
 */
record HtmlLinkRewriter(TrackingLinks links, String optOutAttribute) {

	private static final String PIXEL_PREFIX = "<img src=\"";

	private static final String PIXEL_SUFFIX = "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\" "
			+ "style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\" />";

	String rewrite(String html, ObjectNode metadata) {
		// A parser is not thread-safe and is cheap to create.
		Document document = Jsoup.parse(html, "", Parser.htmlParser().setTrackPosition(true));
		List<Edit> edits = new ArrayList<>();
		Map<String, String> minted = new HashMap<>();
		for (Element anchor : document.getElementsByTag("a")) {
			Attribute href = anchor.attribute("href");
			if (href == null || anchor.hasAttr(this.optOutAttribute)) {
				continue;
			}
			String target = href.getValue().strip();
			if (!isHttp(target) || this.links.isTrackingLink(target)) {
				continue;
			}
			Range value = href.sourceRange().valueRange();
			if (!value.isTracked()) {
				continue;
			}
			String click = minted.computeIfAbsent(target, (url) -> this.links.clickUrl(url, metadata));
			edits.add(attributeEdit(html, value.startPos(), value.endPos(), click));
		}
		int pixelAt = pixelPosition(document, html);
		edits.add(new Edit(pixelAt, pixelAt, PIXEL_PREFIX + escape(this.links.openUrl(metadata)) + PIXEL_SUFFIX));
		return apply(html, edits);
	}

	private static boolean isHttp(String url) {
		return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
	}

	private static Edit attributeEdit(String html, int start, int end, String url) {
		char before = (start > 0) ? html.charAt(start - 1) : ' ';
		if (before == '"' || before == '\'') {
			return new Edit(start, end, escape(url));
		}
		// An unquoted value: quote the replacement so that nothing in it can end the value.
		return new Edit(start, end, "\"" + escape(url) + "\"");
	}

	private static int pixelPosition(Document document, String html) {
		Range bodyEnd = document.body().endSourceRange();
		if (bodyEnd.isTracked() && !bodyEnd.isImplicit()) {
			return bodyEnd.startPos();
		}
		Element root = document.selectFirst("html");
		if (root != null) {
			Range htmlEnd = root.endSourceRange();
			if (htmlEnd.isTracked() && !htmlEnd.isImplicit()) {
				return htmlEnd.startPos();
			}
		}
		return html.length();
	}

	private static String escape(String url) {
		return url.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;");
	}

	private static String apply(String html, List<Edit> edits) {
		edits.sort((a, b) -> Integer.compare(a.start, b.start));
		StringBuilder out = new StringBuilder(html.length() + edits.size() * 128);
		int copied = 0;
		for (Edit edit : edits) {
			out.append(html, copied, edit.start).append(edit.replacement);
			copied = edit.end;
		}
		return out.append(html, copied, html.length()).toString();
	}

	private record Edit(int start, int end, String replacement) {
	}

}
