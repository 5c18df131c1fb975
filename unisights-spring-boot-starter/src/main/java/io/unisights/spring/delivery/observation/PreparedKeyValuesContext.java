package io.unisights.spring.delivery.observation;

import java.util.Iterator;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * An observation context that answers {@link #getLowCardinalityKeyValues()} without
 * sorting its key values again while they are still the ones a convention set.
 * <p>
 * Micrometer's context keeps its key values in a map and sorts a copy of them on every
 * read, and Boot's meter handler reads them when an observation starts and when it stops:
 * for the two observations of each delivered item that was a fifth of their cost. A
 * convention's {@link KeyValues} are sorted already, and once they replace every key the
 * context holds (as the start and the stop of an observation each do) they are exactly the
 * map's contents, so they are kept and answered as they are. Any other change to the key
 * values (one key added or removed, by a filter or a handler) drops the kept copy, and the
 * next read sorts the map as Micrometer does.
 */
abstract class PreparedKeyValuesContext extends Observation.Context {

	/**
	 * The map's contents while they are known without sorting them, {@code null} otherwise.
	 * Written under the lock, together with the map.
	 */
	private volatile @Nullable KeyValues prepared = KeyValues.empty();

	@Override
	public synchronized Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		super.addLowCardinalityKeyValue(keyValue);
		this.prepared = null;
		return this;
	}

	@Override
	public synchronized Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		KeyValues before = this.prepared;
		for (KeyValue keyValue : keyValues) {
			super.addLowCardinalityKeyValue(keyValue);
		}
		this.prepared = (before != null && containsEveryKey(keyValues, before)) ? keyValues : null;
		return this;
	}

	@Override
	public synchronized Observation.Context removeLowCardinalityKeyValue(String keyName) {
		super.removeLowCardinalityKeyValue(keyName);
		this.prepared = null;
		return this;
	}

	@Override
	public synchronized Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
		super.removeLowCardinalityKeyValues(keyNames);
		this.prepared = null;
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		KeyValues known = this.prepared;
		if (known != null) {
			return known;
		}
		synchronized (this) {
			known = super.getLowCardinalityKeyValues();
			this.prepared = known;
			return known;
		}
	}

	/** Whether every key of {@code some} is a key of {@code all}; both are sorted by key. */
	private static boolean containsEveryKey(KeyValues all, KeyValues some) {
		Iterator<KeyValue> candidates = all.iterator();
		for (KeyValue wanted : some) {
			int order = 1;
			while (order > 0 && candidates.hasNext()) {
				order = wanted.getKey().compareTo(candidates.next().getKey());
			}
			if (order != 0) {
				return false;
			}
		}
		return true;
	}

}
