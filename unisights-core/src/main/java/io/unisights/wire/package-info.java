/**
 * What every reader of outside input in this library shares: the base of the exceptions
 * that refuse input with a reason and the path of the field at fault
 * ({@link io.unisights.wire.RefusedInputException}), the JSON limits every parser
 * applies ({@link io.unisights.wire.JsonLimits}), and what keeps ids on one line, in the
 * input and in logs ({@link io.unisights.wire.SingleLine}).
 */
@NullMarked
package io.unisights.wire;

import org.jspecify.annotations.NullMarked;
