/**
 * JMH benchmarks of the hot paths and the HTTP load generator; see {@code BENCHMARKS.md}.
 */
@NullMarked
package io.unisights.benchmarks;

import org.jspecify.annotations.NullMarked;
