package io.unisights.ingest;

import java.util.List;

/**
 * The events of one request body, in the order they were sent.
 *
 * @param events the events, at least one
 * @param batch whether the body was a batch ({@code {"events":[…]}}) rather than a single
 * event object; a batch of one is still a batch
 */
public record EventBatch(List<CanonicalEvent> events, boolean batch) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public EventBatch {
		events = List.copyOf(events);
		if (events.isEmpty()) {
			throw new IllegalArgumentException("events must not be empty");
		}
	}

	/**
	 * The JSON path prefix of the event at an index, for error messages and problem
	 * fields: {@code events[2].} in a batch, empty for a single event.
	 * @param index the index of the event
	 * @return the prefix
	 */
	public String pathOf(int index) {
		return this.batch ? "events[" + index + "]." : "";
	}

}
