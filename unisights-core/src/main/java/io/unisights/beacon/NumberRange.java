package io.unisights.beacon;

/**
 * The accepted range of a number field, and how a refusal says so; both readers hold a
 * number to the same range.
 */
enum NumberRange {

	FINITE(-Double.MAX_VALUE, Double.MAX_VALUE, "must be a finite number"),

	NON_NEGATIVE(0, Double.MAX_VALUE, "must be a finite number, 0 or more"),

	// The range of a JavaScript Date, which is what Date.now() comes from.
	TIMESTAMP(0, BeaconJson.MAX_TIMESTAMP, "must be milliseconds since the epoch, from 0 to 8.64e15");

	final double min;

	final double max;

	final String problem;

	NumberRange(double min, double max, String problem) {
		this.min = min;
		this.max = max;
		this.problem = problem;
	}

	boolean contains(double value) {
		return value >= this.min && value <= this.max;
	}

}
