package io.unisights.spring.security;

import java.util.ArrayList;
import java.util.List;

import io.unisights.spring.beacon.BeaconController;
import io.unisights.spring.beacon.CollectProperties;
import io.unisights.spring.ingest.IngestController;
import io.unisights.spring.ingest.IngestProperties;
import io.unisights.spring.tracking.ClickRedirectController;
import io.unisights.spring.tracking.OpenPixelController;
import io.unisights.spring.tracking.TrackingProperties;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The path patterns of the collector's endpoints that a context holds: an endpoint counts
 * only when its controller is a bean, so switched-off endpoints are never opened.
 *
 * @param patterns path patterns, relative to the dispatcher servlet
 */
record CollectorPaths(List<String> patterns) {

	static CollectorPaths of(ListableBeanFactory beans) {
		List<String> patterns = new ArrayList<>();
		if (has(beans, BeaconController.class)) {
			beans.getBeanProvider(CollectProperties.class).ifAvailable((collect) -> patterns.add(collect.path()));
		}
		if (has(beans, IngestController.class)) {
			beans.getBeanProvider(IngestProperties.class).ifAvailable((ingest) -> patterns.add(ingest.path()));
		}
		TrackingProperties tracking = beans.getBeanProvider(TrackingProperties.class).getIfAvailable();
		if (tracking != null) {
			if (has(beans, OpenPixelController.class)) {
				addTokenPaths(patterns, tracking.openPath());
			}
			if (has(beans, ClickRedirectController.class)) {
				addTokenPaths(patterns, tracking.clickPath());
			}
		}
		return new CollectorPaths(List.copyOf(patterns));
	}

	private static void addTokenPaths(List<String> patterns, String path) {
		// The controllers map the token segment with and without a trailing slash, which
		// some mail clients append; nothing deeper is theirs.
		patterns.add(path + "/*");
		patterns.add(path + "/*/");
	}

	private static boolean has(ListableBeanFactory beans, Class<?> type) {
		return beans.getBeanNamesForType(type, true, false).length > 0;
	}

}
