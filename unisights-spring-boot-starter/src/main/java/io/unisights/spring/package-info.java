/**
 * The contract between the collector and the host application: implement
 * {@link io.unisights.spring.EventHandler} as a bean and receive every accepted event.
 */
@NullMarked
package io.unisights.spring;

import org.jspecify.annotations.NullMarked;
