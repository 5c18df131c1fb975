package io.unisights.spring.delivery;

import java.time.Duration;

/**
 * Makes the {@link KeyWindow}s of the collector: in memory, or in the database when
 * {@code unisights.delivery.store=jdbc}. Auto-configured; the ingest endpoint takes its
 * message window from it.
 */
@FunctionalInterface
public interface KeyWindows {

	/**
	 * Creates a window.
	 * Windows share one table in the database: callers keep their keys apart with a
	 * prefix of their own (such as {@code "ingest-message:"}).
	 * @param window how long a key is remembered
	 * @param maxEntries most keys an in-memory window remembers at once
	 * @return the window
	 */
	KeyWindow create(Duration window, int maxEntries);

}
