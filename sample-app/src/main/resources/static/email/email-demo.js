// The email demo: rewrite a message through the collector, render it as an inbox would,
// and let its links run through the click redirect.
(function () {
	'use strict';

	// {{origin}} becomes this page's origin, so the links' targets work offline too.
	const TEMPLATES = {
		newsletter: `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Spring news</title></head>
<body style="font-family: sans-serif">
  <h1>Spring is here</h1>
  <p>Hello Zoë, our <a href="{{origin}}/email/landing.html?offer=spring">spring collection</a> has arrived.</p>
  <p><a href="{{origin}}/email/landing.html?offer=sale&amp;utm_source=newsletter">See the sale</a>
     or <a href="mailto:help@example.com">write to us</a>.</p>
  <p style="font-size: 11px"><a href="{{origin}}/email/landing.html?unsubscribe=1" data-unisights-notrack>Unsubscribe</a></p>
</body>
</html>`,
		shipped: `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Your order has shipped</title></head>
<body style="font-family: sans-serif">
  <h1>Order #1042 is on its way</h1>
  <p><a href="{{origin}}/email/landing.html?track=1042">Track your parcel</a></p>
  <!--[if mso]><p>Outlook sees this paragraph only.</p><![endif]-->
</body>
</html>`
	};

	const template = document.getElementById('template');
	const source = document.getElementById('source');

	function load() {
		source.value = TEMPLATES[template.value].replaceAll('{{origin}}', location.origin);
	}

	async function rewrite() {
		const response = await fetch('/sample/emails/demo', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ html: source.value, campaign: template.value })
		});
		const email = await response.json();
		if (!response.ok) {
			// A problem (RFC 9457): for example a link to a host the demo does not sign links to.
			document.getElementById('message-id').textContent = '';
			document.getElementById('rewritten').textContent = email.detail || email.title || response.statusText;
			return;
		}
		document.getElementById('message-id').textContent = email.messageId;
		document.getElementById('rewritten').textContent = email.html;
		// Links leave the frame for the whole tab, as a click in a mail client opens the browser.
		const base = '<base target="_top">';
		document.getElementById('inbox').srcdoc = /<head>/i.test(email.html)
			? email.html.replace(/<head>/i, '<head>' + base) : base + email.html;
		document.body.dataset.messageId = email.messageId;
	}

	template.addEventListener('change', load);
	document.getElementById('rewrite').addEventListener('click', rewrite);
	load();
})();
