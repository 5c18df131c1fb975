/**
 * How accepted items travel from the endpoints to the {@link io.unisights.spring.EventHandler}
 * beans: the dispatchers, the store contract and the memory store, duplicate suppression,
 * and the one count of what becomes of items, which the meters and the health indicator
 * read. The jdbc store is in {@code delivery.jdbc}, dead letters in
 * {@code delivery.deadletter}, the observations' conventions in {@code delivery.observation}.
 */
@NullMarked
package io.unisights.spring.delivery;

import org.jspecify.annotations.NullMarked;
