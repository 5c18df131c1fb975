@org.jspecify.annotations.NullMarked
package io.unisights.spring.delivery.process;
