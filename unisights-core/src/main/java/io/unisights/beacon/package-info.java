/**
 * The unisights browser beacon: its typed wire model ({@link io.unisights.beacon.BeaconPayload}),
 * the {@link io.unisights.beacon.BeaconDecoder} that turns request bodies (plain or encrypted)
 * into validated payloads, and the {@link io.unisights.beacon.BeaconWireFormat} that writes
 * them back in the exact snake_case form the SDK sends.
 */
@NullMarked
package io.unisights.beacon;

import org.jspecify.annotations.NullMarked;
