package io.unisights.beacon;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The keys of the objects the SDK writes, in the order it writes them. A model object built
 * by hand is written in this order; one decoded from the wire keeps the order it arrived in.
 */
final class WireKeys {

	static final List<String> PAYLOAD = List.of("asset_id", "session_id", "page_url", "entry_page", "exit_page",
			"utm_params", "device_info", "events", "scroll_depth", "time_on_page");

	// The SDK serialises device_info from a sorted map.
	static final List<String> DEVICE = List.of("device_type", "os", "platform", "referrer", "screen_height",
			"screen_width", "user_agent");

	static final List<String> PAGE_VIEW = List.of("location", "title", "timestamp");

	static final List<String> CLICK = List.of("x", "y", "timestamp");

	static final List<String> WEB_VITAL = List.of("name", "value", "id", "rating", "delta", "entries",
			"navigation_type", "timestamp");

	static final List<String> CUSTOM = List.of("name", "data", "timestamp");

	static final List<String> ERROR = List.of("message", "source", "lineno", "colno", "timestamp");

	private WireKeys() {
	}

	/**
	 * Returns the keys as an immutable list, the shared constant when they are the SDK's
	 * own order, so that a decoded batch retains one list per shape rather than per object.
	 */
	static List<String> of(List<String> received, List<String> canonical) {
		return received.equals(canonical) ? canonical : List.copyOf(received);
	}

	/** Adds a key unless present: a repeated key keeps its first position, as a JSON tree does. */
	static void add(List<String> keys, String key) {
		if (!keys.contains(key)) {
			keys.add(key);
		}
	}

	/**
	 * Records the keys of one object as a token stream names them. While they follow the
	 * SDK's order nothing is allocated: a list is only built once they depart from it.
	 */
	static final class Recorder {

		private final List<String> canonical;

		private int matched;

		private @Nullable List<String> departed;

		Recorder(List<String> canonical) {
			this.canonical = canonical;
		}

		void add(String key) {
			if (this.departed == null) {
				if (this.matched < this.canonical.size() && this.canonical.get(this.matched).equals(key)) {
					this.matched++;
					return;
				}
				this.departed = new ArrayList<>(this.canonical.subList(0, this.matched));
			}
			WireKeys.add(this.departed, key);
		}

		List<String> keys() {
			if (this.departed != null) {
				return of(this.departed, this.canonical);
			}
			return (this.matched == this.canonical.size()) ? this.canonical
					: List.copyOf(this.canonical.subList(0, this.matched));
		}

	}

}
