package io.unisights.tracking;

import io.unisights.wire.JsonLimits;
import tools.jackson.databind.json.JsonMapper;

/** The JSON machinery shared by the package: one immutable, thread-safe mapper with the library's limits. */
final class TrackingJson {

	static final JsonMapper MAPPER = JsonLimits.mapper();

	private TrackingJson() {
	}

}
