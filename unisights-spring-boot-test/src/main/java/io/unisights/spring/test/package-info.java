/**
 * Test kit for applications that use the Unisights starter: {@link
 * io.unisights.spring.test.AutoConfigureUnisights} for test slices, request bodies in the
 * browser SDK's exact shape ({@link io.unisights.spring.test.SdkBeacon}), signed server
 * events ({@link io.unisights.spring.test.SignedIngestRequest}), tracking links ({@link
 * io.unisights.spring.test.TestTrackingLinks}) and a handler that records what was
 * delivered ({@link io.unisights.spring.test.RecordingEventHandler}).
 */
@NullMarked
package io.unisights.spring.test;

import org.jspecify.annotations.NullMarked;
