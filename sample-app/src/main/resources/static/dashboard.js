// Renders GET /sample/dashboard. Plain DOM and Chart.js (from its WebJar), no framework.
(function () {
	'use strict';

	const CHANNEL_TITLES = {
		open: 'Email opens',
		click: 'Email clicks',
		ingest: 'Server events'
	};
	// Opens and clicks are classified as made by people or by machines (mail proxies,
	// link scanners); the dashboard counts the two apart.
	const AUTOMATABLE = new Set(['open', 'click']);
	let timelineChart = null;
	let renders = 0;

	function el(tag, attributes, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (value !== null && value !== undefined) {
				node.setAttribute(name, value);
			}
		}
		for (const child of children) {
			node.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
		return node;
	}

	function time(millis) {
		return new Date(millis).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
	}

	function minute(millis) {
		return new Date(millis).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
	}

	function formatVital(vital, value) {
		return vital.unit === 'ms' ? Math.round(value) + ' ms' : value.toFixed(3);
	}

	function fillTable(table, rows, columns) {
		const body = table.tBodies[0];
		body.replaceChildren();
		if (rows.length === 0) {
			body.append(el('tr', null, el('td', { colspan: columns, class: 'empty' }, 'Nothing yet')));
			return;
		}
		for (const cells of rows) {
			body.append(el('tr', null, ...cells));
		}
	}

	function renderTotals(data) {
		const beacon = data.dashboard.channels.find((c) => c.channel === 'beacon');
		const timeline = data.dashboard.timeline;
		const views = timeline.reduce((sum, point) => sum + point.pageViews, 0);
		const errors = data.dashboard.errors.reduce((sum, error) => sum + error.occurrences, 0);
		const privacy = data.dashboard.privacy;
		const cards = [
			['sessions', data.dashboard.sessions, 'Sessions'],
			['beacons', beacon ? beacon.deliveries : 0, 'Beacons'],
			['beacons-people', beacon ? beacon.human : 0, 'Beacons by people'],
			['beacons-automated', beacon ? beacon.automated : 0, 'Beacons by machines'],
			['privacy-signals', Math.round(privacy.share * 100) + '%', 'With GPC/DNT (' + privacy.signalled + ' of '
				+ privacy.requests + ')'],
			['page-views', views, 'Page views'],
			['errors', errors, 'JS errors']
		];
		for (const channel of data.dashboard.channels) {
			if (channel.channel !== 'beacon') {
				cards.push([channel.channel, channel.deliveries, CHANNEL_TITLES[channel.channel] || channel.channel]);
			}
		}
		document.getElementById('totals').replaceChildren(...cards.map(([id, value, label]) =>
			el('div', { class: 'card', 'data-total': id },
				el('div', { class: 'value' }, value), el('div', { class: 'label' }, label))));
	}

	function renderTimeline(data) {
		const labels = data.dashboard.timeline.map((point) => minute(point.start));
		const sessions = data.dashboard.timeline.map((point) => point.sessions);
		const views = data.dashboard.timeline.map((point) => point.pageViews);
		if (timelineChart === null) {
			timelineChart = new Chart(document.getElementById('timeline'), {
				type: 'line',
				data: {
					labels,
					datasets: [
						{ label: 'Sessions', data: sessions, borderColor: '#3d6bce', backgroundColor: '#3d6bce33',
							fill: true, tension: 0.25 },
						{ label: 'Page views', data: views, borderColor: '#0c7c59', backgroundColor: '#0c7c5933',
							fill: true, tension: 0.25 }
					]
				},
				options: {
					animation: false,
					maintainAspectRatio: false,
					scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
					plugins: { legend: { position: 'bottom' } }
				}
			});
		}
		else {
			timelineChart.data.labels = labels;
			timelineChart.data.datasets[0].data = sessions;
			timelineChart.data.datasets[1].data = views;
			timelineChart.update();
		}
	}

	function renderTopPages(data) {
		fillTable(document.getElementById('top-pages'), data.dashboard.topPages.map((page) => [
			el('td', null, el('a', { href: page.url }, page.url)),
			el('td', { class: 'num' }, page.views)
		]), 2);
	}

	function renderVitals(data) {
		const container = document.getElementById('vitals');
		if (data.dashboard.webVitals.length === 0) {
			container.replaceChildren(el('p', { class: 'empty' }, 'No measurements yet'));
			return;
		}
		container.replaceChildren(...data.dashboard.webVitals.map((vital) => {
			const bar = el('div', { class: 'bar', title: vital.good + ' good, ' + vital.needsImprovement
					+ ' needs improvement, ' + vital.poor + ' poor' });
			for (const [band, count] of [['good', vital.good], ['needs-improvement', vital.needsImprovement],
					['poor', vital.poor]]) {
				if (count > 0) {
					bar.append(el('span', { class: band, style: 'flex:' + count }));
				}
			}
			return el('div', { class: 'vital ' + vital.rating, 'data-metric': vital.name, 'data-rating': vital.rating },
				el('div', { class: 'name' }, vital.name),
				el('div', { class: 'p75' }, formatVital(vital, vital.p75)),
				el('div', { class: 'meta' }, vital.rating.replace('-', ' ') + ' \u00b7 ' + vital.samples
						+ (vital.samples === 1 ? ' sample' : ' samples') + ' \u00b7 good \u2264 ' + formatVital(vital, vital.goodMax)
						+ ', poor > ' + formatVital(vital, vital.poorAbove)),
				bar);
		}));
	}

	function renderErrors(data) {
		fillTable(document.getElementById('errors'), data.dashboard.errors.map((error) => [
			el('td', null, error.message),
			el('td', null, error.location || error.url || ''),
			el('td', { class: 'num' }, error.occurrences),
			el('td', null, time(error.lastSeen))
		]), 4);
	}

	// Every channel but beacons, rendered alike: the dashboard needs no change when a
	// channel starts delivering.
	function renderChannels(data) {
		const panels = data.dashboard.channels.filter((channel) => channel.channel !== 'beacon').map((channel) => {
			const table = el('table', null, el('thead', null, el('tr', null,
				el('th', null, 'Received'), el('th', null, 'Item'))), el('tbody'));
			fillTable(table, channel.recent.map((item) => {
				const metadata = item.data.metadata || {};
				const target = item.data.tracked_url || item.data.type
					|| (metadata.message_id ? 'message ' + metadata.message_id : item.key);
				const cell = el('td', null, String(target));
				if (item.data.automated === true) {
					cell.append(' ', el('span', { class: 'tag automated' },
						'automated' + (item.data.automated_reason ? ': ' + item.data.automated_reason : '')));
				}
				cell.append(el('pre', null, JSON.stringify(item.data)));
				return [el('td', null, time(item.receivedAt)), cell];
			}), 2);
			return el('section', { class: 'panel', 'data-channel': channel.channel },
				el('h2', null, (CHANNEL_TITLES[channel.channel] || channel.channel) + ' ',
					el('small', null, AUTOMATABLE.has(channel.channel)
						? channel.human + ' by people, ' + channel.automated + ' automated'
						: channel.deliveries + ' received')),
				table);
		});
		document.getElementById('channels').replaceChildren(...panels);
	}

	async function refresh() {
		const minutes = document.getElementById('window').value;
		try {
			const response = await fetch('/sample/dashboard?minutes=' + minutes);
			const data = await response.json();
			renderTotals(data);
			renderTimeline(data);
			renderTopPages(data);
			renderVitals(data);
			renderErrors(data);
			renderChannels(data);
			const demo = document.getElementById('demo-link');
			if (data.demoUrl) {
				demo.href = data.demoUrl;
				demo.hidden = false;
			}
			document.body.dataset.renders = String(++renders);
		}
		catch (error) {
			console.error('Dashboard refresh failed', error);
		}
	}

	// ?minutes=N preselects the window, so a view can be bookmarked.
	const requested = new URLSearchParams(location.search).get('minutes');
	const select = document.getElementById('window');
	if (requested && Array.from(select.options).some((option) => option.value === requested)) {
		select.value = requested;
	}
	select.addEventListener('change', refresh);
	refresh();
	setInterval(refresh, 5000);
})();
