/**
 * HTTP plumbing shared by the collector's endpoints: bounded body reading, request
 * context, and RFC 9457 problem responses.
 */
@NullMarked
package io.unisights.spring.web;

import org.jspecify.annotations.NullMarked;
