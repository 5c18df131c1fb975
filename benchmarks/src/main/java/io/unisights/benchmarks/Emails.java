package io.unisights.benchmarks;

/** A newsletter-shaped HTML email: tables, inline styles, an Outlook conditional comment. */
final class Emails {

	private Emails() {
	}

	static String withLinks(int links) {
		StringBuilder html = new StringBuilder("""
				<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
				<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"><title>Fall sale</title>
				<!--[if mso]><style>td { font-family: Arial, sans-serif; }</style><![endif]-->
				</head><body style="margin:0;padding:0">
				<table role="presentation" width="100%" cellpadding="0" cellspacing="0">
				""");
		for (int i = 0; i < links; i++) {
			html.append("<tr><td style=\"padding:8px 16px\"><p>Item ").append(i)
				.append(" is 20% off this week &mdash; while stock lasts.</p>");
			html.append("<a href=\"https://shop.example.com/p/").append(i)
				.append("?utm_source=email&amp;utm_campaign=fall\" style=\"color:#0a66c2\">See item ").append(i)
				.append("</a></td></tr>\n");
		}
		html.append("""
				<tr><td><a href="mailto:help@example.com">Write to us</a> ·
				<a href="#top">Back to top</a></td></tr></table></body></html>
				""");
		return html.toString();
	}

}
