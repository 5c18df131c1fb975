package io.unisights.ingest;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The JSON machinery shared by the package: one immutable, thread-safe mapper. */
final class EventJson {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

	private EventJson() {
	}

}
