package io.unisights.spring.test.example;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.unisights.beacon.BeaconEvent;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.EventHandler;

import org.springframework.stereotype.Component;

/**
 * The handler of the "Testing your handler" example in docs/testing.md: counts page views per URL.
 */
@Component
class PageViewCounter implements EventHandler {

	private final Map<String, Integer> views = new ConcurrentHashMap<>();

	@Override
	public void onBeacon(BeaconDelivery beacon) {
		for (BeaconEvent event : beacon.payload().events()) {
			if (event instanceof BeaconEvent.PageView view) {
				this.views.merge(view.location(), 1, Integer::sum);
			}
		}
	}

	int views(String url) {
		return this.views.getOrDefault(url, 0);
	}

}
