// A small, dependency-free stand-in for the unisights browser SDK: it builds the SDK's
// payload and sends it the way the SDK does (sendBeacon, application/json Blob,
// optionally encrypted with the SDK's cipher). Exposed as window.unisightsDemo.
(function () {
	'use strict';

	const BUCKET_MILLIS = 30000;
	// Rating bands of the web-vitals library: good up to the first value, poor above the second.
	const BANDS = { LCP: [2500, 4000], FCP: [1800, 3000], INP: [200, 500], TTFB: [800, 1800], FID: [100, 300],
		CLS: [0.1, 0.25] };
	const encoder = new TextEncoder();

	const sessionId = sessionStorage.getItem('unisights-demo-session') || crypto.randomUUID();
	sessionStorage.setItem('unisights-demo-session', sessionId);
	const entryPage = sessionStorage.getItem('unisights-demo-entry') || location.href;
	sessionStorage.setItem('unisights-demo-entry', entryPage);
	const loadedAt = Date.now();
	let queue = [];
	let maxScroll = 0;
	let vitalCount = 0;
	let config = null;
	const configured = fetch('/demo/config.json').then((response) => response.json()).then((c) => {
		config = c;
		return c;
	});

	function record(type, data) {
		data.timestamp = Date.now();
		queue.push({ type, data });
	}

	function rate(name, value) {
		const [good, poor] = BANDS[name];
		return value <= good ? 'good' : (value <= poor ? 'needs-improvement' : 'poor');
	}

	const reported = {};
	function vital(name, value, entries) {
		const previous = reported[name] || 0;
		reported[name] = value;
		record('web_vital', { name, value, rating: rate(name, value), delta: value - previous,
			id: 'v5-' + loadedAt + '-' + (++vitalCount), entries,
			navigation_type: (performance.getEntriesByType('navigation')[0] || {}).type || 'navigate' });
	}

	function observe(type, callback) {
		try {
			new PerformanceObserver((list) => callback(list.getEntries())).observe({ type, buffered: true });
		}
		catch (ignored) {
			// This browser does not report that entry type.
		}
	}

	function deviceType() {
		const width = screen.width;
		return width < 768 ? 'Mobile' : (width < 1024 ? 'Tablet' : 'Desktop');
	}

	function utmParams() {
		const params = {};
		new URLSearchParams(location.search).forEach((value, key) => {
			if (key.startsWith('utm_')) {
				params[key] = value;
			}
		});
		return params;
	}

	function payload(exitPage) {
		return {
			asset_id: config.siteId,
			session_id: sessionId,
			page_url: location.href,
			entry_page: entryPage,
			exit_page: exitPage,
			utm_params: utmParams(),
			device_info: {
				user_agent: navigator.userAgent,
				platform: navigator.platform,
				os: /Windows/.test(navigator.userAgent) ? 'Windows'
					: /Mac OS/.test(navigator.userAgent) ? 'macOS'
						: /Android/.test(navigator.userAgent) ? 'Android' : /Linux/.test(navigator.userAgent) ? 'Linux' : 'Other',
				screen_width: screen.width,
				screen_height: screen.height,
				device_type: deviceType(),
				referrer: document.referrer || 'direct'
			},
			events: queue,
			scroll_depth: Math.round(maxScroll),
			time_on_page: Math.round((Date.now() - loadedAt) / 1000)
		};
	}

	function concat(...parts) {
		const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
		let offset = 0;
		for (const part of parts) {
			out.set(part, offset);
			offset += part.length;
		}
		return out;
	}

	function base64(bytes) {
		let binary = '';
		for (let i = 0; i < bytes.length; i++) {
			binary += String.fromCharCode(bytes[i]);
		}
		return btoa(binary);
	}

	async function sha256(bytes) {
		return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	}

	// The SDK's cipher: key = SHA-256(site_id ":" u64be(bucket) ":" ua_hash); keystream
	// blocks SHA-256(key || u32be(i)); ciphertext = plaintext XOR keystream;
	// tag = HMAC-SHA256(key, ciphertext).
	async function encrypt(data, siteId) {
		const uaHash = Array.from((await sha256(encoder.encode(navigator.userAgent))).slice(0, 8),
			(b) => b.toString(16).padStart(2, '0')).join('');
		const bucket = Math.floor(Date.now() / BUCKET_MILLIS);
		const bucketBytes = new Uint8Array(8);
		new DataView(bucketBytes.buffer).setBigUint64(0, BigInt(bucket));
		const colon = Uint8Array.of(0x3a);
		const key = await sha256(concat(encoder.encode(siteId), colon, bucketBytes, colon, encoder.encode(uaHash)));
		const plaintext = encoder.encode(JSON.stringify(data));
		const blocks = [];
		for (let i = 0; i * 32 < plaintext.length; i++) {
			const counter = new Uint8Array(4);
			new DataView(counter.buffer).setUint32(0, i);
			blocks.push(sha256(concat(key, counter)));
		}
		const keystream = await Promise.all(blocks);
		const ciphertext = new Uint8Array(plaintext.length);
		for (let i = 0; i < plaintext.length; i++) {
			ciphertext[i] = plaintext[i] ^ keystream[i >> 5][i & 31];
		}
		const hmacKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
		const tag = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, ciphertext));
		return { encrypted: true, data: base64(ciphertext), tag: base64(tag), bucket, site_id: siteId, ua_hash: uaHash };
	}

	function log(line) {
		const target = document.getElementById('log');
		if (target) {
			target.textContent = new Date().toLocaleTimeString() + '  ' + line + '\n' + target.textContent;
		}
	}

	/**
	 * Sends what was recorded since the last send.
	 * @param options {encrypted: boolean, exitPage: string|null}
	 * @return a promise of {queued, body}: whether the browser queued the beacon, and what it sent
	 */
	async function flush(options) {
		const settings = options || {};
		await configured;
		const data = payload(settings.exitPage || null);
		queue = [];
		const encrypted = settings.encrypted === undefined ? document.getElementById('encrypt').checked
			: settings.encrypted;
		const body = encrypted ? await encrypt(data, config.siteId) : { encrypted: false, data };
		const queued = navigator.sendBeacon(config.collector,
			new Blob([JSON.stringify(body)], { type: 'application/json' }));
		api.lastBody = body;
		api.sent++;
		log((queued ? 'queued ' : 'REFUSED ') + (encrypted ? 'encrypted ' : 'plain ') + 'beacon with '
			+ data.events.length + ' events to ' + config.collector);
		return { queued, body };
	}

	record('page_view', { location: location.href, title: document.title });

	document.addEventListener('click', (event) => {
		record('click', { x: event.pageX, y: event.pageY });
	}, true);
	window.addEventListener('scroll', () => {
		const scrollable = document.documentElement.scrollHeight - innerHeight;
		maxScroll = Math.max(maxScroll, scrollable > 0 ? Math.min(100, 100 * scrollY / scrollable) : 100);
	}, { passive: true });
	window.addEventListener('error', (event) => {
		record('error', { message: String(event.message), source: event.filename || null,
			lineno: event.lineno || null, colno: event.colno || null,
			stack: event.error && event.error.stack ? String(event.error.stack) : null });
	});
	window.addEventListener('unhandledrejection', (event) => {
		record('error', { message: 'Unhandled rejection: ' + String(event.reason) });
	});

	observe('paint', (entries) => entries.filter((e) => e.name === 'first-contentful-paint')
		.forEach((e) => vital('FCP', e.startTime, 1)));
	observe('largest-contentful-paint', (entries) => {
		const last = entries[entries.length - 1];
		vital('LCP', last.renderTime || last.loadTime || last.startTime, entries.length);
	});
	let cls = 0;
	let shifts = 0;
	observe('layout-shift', (entries) => {
		for (const entry of entries) {
			if (!entry.hadRecentInput) {
				cls += entry.value;
				shifts++;
			}
		}
		vital('CLS', cls, shifts);
	});
	let inp = 0;
	observe('event', (entries) => {
		for (const entry of entries) {
			if (entry.interactionId && entry.duration > inp) {
				inp = entry.duration;
				vital('INP', inp, 1);
			}
		}
	});
	observe('navigation', (entries) => entries.forEach((e) => vital('TTFB', Math.max(0, e.responseStart), 1)));

	addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden' && queue.length > 0) {
			flush({ exitPage: location.href });
		}
	});

	const api = { sessionId, flush, lastBody: null, sent: 0, scrollDepth: () => Math.round(maxScroll) };
	window.unisightsDemo = api;

	document.addEventListener('DOMContentLoaded', () => {
		document.getElementById('buy').addEventListener('click', () => log('added to basket (click recorded)'));
		document.getElementById('break').addEventListener('click', () => {
			// Thrown from an event handler, so it reaches window.onerror like a real bug.
			throw new Error('Demo checkout failed: basket is undefined');
		});
		document.getElementById('send').addEventListener('click', () => flush());
		configured.then((c) => {
			const main = new URL(c.collector);
			document.getElementById('dashboard').href = main.origin + '/';
		});
	});
})();
