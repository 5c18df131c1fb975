package io.unisights.tracking;

import tools.jackson.databind.json.JsonMapper;

/** The JSON machinery shared by the package: one immutable, thread-safe mapper. */
final class TrackingJson {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private TrackingJson() {
	}

}
