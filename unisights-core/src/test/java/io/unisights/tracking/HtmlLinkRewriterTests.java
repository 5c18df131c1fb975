package io.unisights.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlLinkRewriterTests {

	static final String BASE = "https://mail.example.com";

	static final String CLICK_PREFIX = BASE + "/t/click/";

	static final String OPEN_PREFIX = BASE + "/t/open/";

	static final Pattern TRACKED = Pattern.compile("https://mail\\.example\\.com/t/(click|open)/([A-Za-z0-9_-]+)");

	/** Shaped like a real campaign: XHTML doctype, tables, Outlook conditionals, entities, non-ASCII. */
	static final String EMAIL = """
			<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
			<html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" lang="de">
			<head>
			<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
			<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml><![endif]-->
			<title>Herbst-Angebote für Zoë</title>
			<style>td { font-family: Arial; }</style>
			</head>
			<body style="margin:0">
			<!-- preheader -->
			<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>
			<td align="center">Grüße, Zoë! Über 50&nbsp;% Rabatt &mdash; nur heute. 日本語もOK 👋</td>
			</tr><tr><td>
			<!--[if mso]><v:roundrect href="https://shop.example.com/vml" arcsize="10%"><![endif]-->
			<a href="https://shop.example.com/sale?utm_source=mail&amp;utm_medium=email" class="btn">Jetzt kaufen</a>
			<!--[if mso]></v:roundrect><![endif]-->
			<a href='http://blog.example.com/post#comments'>Blog</a>
			<a href=https://unquoted.example.com/x>Unquoted</a>
			<a HREF="  https://shop.example.com/sale?utm_source=mail&amp;utm_medium=email  ">Same target</a>
			<a href="mailto:help@example.com">Mail us</a>
			<a href="tel:+41441234567">Call</a>
			<a href="#top">Top</a>
			<a href="/relative/path">Relative</a>
			<a href="javascript:void(0)">Script</a>
			<a href="https://mail.example.com/t/click/AlreadyTracked">Tracked</a>
			<a href="https://example.com/unsubscribe" data-unisights-notrack>Unsubscribe</a>
			<a name="anchor-only">No href</a>
			</td></tr></table>
			</body>
			</html>
			""";

	final TrackingCodec codec = TrackingCodecTests.codec(TrackingCodecTests.KEY).build();

	final TrackingLinks links = TrackingLinks.builder(this.codec).baseUrl(BASE).build();

	final ObjectNode metadata = TrackingJson.MAPPER.createObjectNode().put("message_id", "m-1");

	@Test
	void rewritesEveryHttpLinkAndAddsThePixelBeforeTheBodyEnds() {
		String rewritten = this.links.rewriteHtml(EMAIL, this.metadata);

		List<String> clickTargets = new ArrayList<>();
		int opens = 0;
		Matcher matcher = TRACKED.matcher(rewritten);
		while (matcher.find()) {
			if (matcher.group(2).equals("AlreadyTracked")) {
				continue;
			}
			Kind kind = matcher.group(1).equals("click") ? Kind.CLICK : Kind.OPEN;
			TrackingToken token = this.codec.decode(matcher.group(2), kind);
			assertThat(token.metadata()).isEqualTo(this.metadata);
			if (kind == Kind.CLICK) {
				clickTargets.add(token.targetUrl());
			}
			else {
				opens++;
			}
		}
		assertThat(clickTargets).containsExactly("https://shop.example.com/sale?utm_source=mail&utm_medium=email",
				"http://blog.example.com/post#comments", "https://unquoted.example.com/x",
				"https://shop.example.com/sale?utm_source=mail&utm_medium=email");
		assertThat(opens).isEqualTo(1);
		assertThat(rewritten).containsPattern("<img src=\"" + Pattern.quote(OPEN_PREFIX) + "[A-Za-z0-9_-]+\" width=\"1\""
				+ "[^>]*/></body>");
	}

	@Test
	void leavesEverythingElseCharacterForCharacter() {
		String rewritten = this.links.rewriteHtml(EMAIL, this.metadata);

		String restored = TRACKED.matcher(rewritten).replaceAll("TRACKED");
		restored = restored.replaceAll("<img src=\"TRACKED\"[^>]*/>", "");
		// The whole attribute value is replaced, including the spaces browsers ignore.
		String expected = EMAIL.replace("  https://shop.example.com/sale?utm_source=mail&amp;utm_medium=email  ",
				"TRACKED")
			.replace("https://shop.example.com/sale?utm_source=mail&amp;utm_medium=email", "TRACKED")
			.replace("http://blog.example.com/post#comments", "TRACKED")
			.replace("https://unquoted.example.com/x", "\"TRACKED\"")
			.replace("https://mail.example.com/t/click/AlreadyTracked", "TRACKED");
		assertThat(restored).isEqualTo(expected);
		assertThat(rewritten).contains("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"")
			.contains("<!--[if mso]><v:roundrect href=\"https://shop.example.com/vml\" arcsize=\"10%\"><![endif]-->")
			.contains("Grüße, Zoë! Über 50&nbsp;% Rabatt &mdash; nur heute. 日本語もOK 👋")
			.contains("<a href=\"mailto:help@example.com\">")
			.contains("<a href=\"tel:+41441234567\">")
			.contains("<a href=\"#top\">")
			.contains("<a href=\"/relative/path\">")
			.contains("<a href=\"javascript:void(0)\">")
			.contains("<a href=\"https://example.com/unsubscribe\" data-unisights-notrack>");
	}

	@Test
	void escapesTheAmpersandsOfTheNewLinks() {
		TrackingLinks withQuery = TrackingLinks.builder(this.codec).baseUrl("https://mail.example.com/x?a=1&b=2#").build();

		String rewritten = withQuery.rewriteHtml("<p><a href=\"https://a.example\">a</a></p>", this.metadata);

		assertThat(rewritten).contains("x?a=1&amp;b=2#/t/click/").doesNotContain("a=1&b");
	}

	@Test
	void addsThePixelToAFragmentWithoutBody() {
		String rewritten = this.links.rewriteHtml("<p>Hi <a href=\"https://a.example\">there</a></p>", this.metadata);

		assertThat(rewritten).startsWith("<p>Hi <a href=\"" + CLICK_PREFIX)
			.endsWith("</a></p><img src=\"" + rewritten.substring(rewritten.indexOf(OPEN_PREFIX), rewritten.indexOf(
					"\" width")) + "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\" "
					+ "style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\" />");
	}

	@Test
	void addsThePixelBeforeTheHtmlEndTagWhenTheBodyEndTagIsMissing() {
		String rewritten = this.links.rewriteHtml("<html><body><p>Hi</p>\n</html>", this.metadata);

		assertThat(rewritten).startsWith("<html><body><p>Hi</p>\n<img src=\"" + OPEN_PREFIX).endsWith("/></html>");
	}

	@Test
	void honoursAConfiguredOptOutAttribute() {
		TrackingLinks custom = TrackingLinks.builder(this.codec).baseUrl(BASE).optOutAttribute("data-Keep").build();

		String rewritten = custom.rewriteHtml("<a data-keep href=\"https://a.example\">a</a>"
				+ "<a data-unisights-notrack href=\"https://b.example\">b</a>", this.metadata);

		assertThat(rewritten).contains("<a data-keep href=\"https://a.example\">")
			.doesNotContain("https://b.example\"");
	}

}
