/**
 * How accepted items travel from the endpoints to the {@link io.unisights.spring.EventHandler}
 * beans.
 */
@NullMarked
package io.unisights.spring.delivery;

import org.jspecify.annotations.NullMarked;
