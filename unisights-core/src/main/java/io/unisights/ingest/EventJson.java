package io.unisights.ingest;

import io.unisights.wire.JsonLimits;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The JSON machinery shared by the package: one immutable, thread-safe mapper with the library's limits. */
final class EventJson {

	static final JsonMapper MAPPER = JsonLimits.mapper();

	static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

	private EventJson() {
	}

}
