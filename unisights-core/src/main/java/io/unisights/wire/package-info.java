/**
 * What every reader of outside input in this library shares: the base of the exceptions
 * that refuse input with a reason and the path of the field at fault
 * ({@link io.unisights.wire.RefusedInputException}), and the JSON limits every parser
 * applies ({@link io.unisights.wire.JsonLimits}).
 */
@NullMarked
package io.unisights.wire;

import org.jspecify.annotations.NullMarked;
