@NullMarked
package io.unisights.spring.test;

import org.jspecify.annotations.NullMarked;
