package io.unisights.beacon;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalDouble;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.node.NumericFPNode;

/**
 * A double that any Jackson generator writes in JavaScript's exponential form
 * ({@code 1e-7}, {@code 1e+21}), for the numbers where {@code JSON.stringify} uses an
 * exponent; Jackson's own nodes would write {@code 1.0E-7} or {@code 1E-7}. Plain-range
 * numbers use Jackson's nodes.
 */
final class JavaScriptNumberNode extends NumericFPNode {

	private static final long serialVersionUID = 1L;

	private final double value;

	private final String text;

	JavaScriptNumberNode(double value, String text) {
		this.value = value;
		this.text = text;
	}

	@Override
	public void serialize(JsonGenerator generator, SerializationContext context) throws JacksonException {
		generator.writeNumber(this.text);
	}

	@Override
	public JsonParser.NumberType numberType() {
		return JsonParser.NumberType.DOUBLE;
	}

	@Override
	public boolean isDouble() {
		return true;
	}

	@Override
	public boolean isNaN() {
		return false;
	}

	@Override
	protected String _asString() {
		return this.text;
	}

	@Override
	public Number numberValue() {
		return this.value;
	}

	@Override
	public float floatValue() {
		return (float) this.value;
	}

	@Override
	public float floatValue(float defaultValue) {
		return (float) this.value;
	}

	@Override
	public Optional<Float> floatValueOpt() {
		return Optional.of((float) this.value);
	}

	@Override
	public float asFloat() {
		return (float) this.value;
	}

	@Override
	public float asFloat(float defaultValue) {
		return (float) this.value;
	}

	@Override
	public Optional<Float> asFloatOpt() {
		return Optional.of((float) this.value);
	}

	@Override
	public double doubleValue() {
		return this.value;
	}

	@Override
	public double doubleValue(double defaultValue) {
		return this.value;
	}

	@Override
	public OptionalDouble doubleValueOpt() {
		return OptionalDouble.of(this.value);
	}

	@Override
	public double asDouble() {
		return this.value;
	}

	@Override
	public double asDouble(double defaultValue) {
		return this.value;
	}

	@Override
	public OptionalDouble asDoubleOpt() {
		return OptionalDouble.of(this.value);
	}

	@Override
	public short _asShortValueUnchecked() {
		return (short) this.value;
	}

	@Override
	public int _asIntValueUnchecked() {
		return (int) this.value;
	}

	@Override
	public long _asLongValueUnchecked() {
		return (long) this.value;
	}

	@Override
	protected BigInteger _asBigIntegerValueUnchecked() {
		return _asDecimalValueUnchecked().toBigInteger();
	}

	@Override
	protected BigDecimal _asDecimalValueUnchecked() {
		return new BigDecimal(this.text);
	}

	@Override
	public boolean hasFractionalPart() {
		return this.value != Math.rint(this.value);
	}

	@Override
	public boolean inShortRange() {
		return this.value >= Short.MIN_VALUE && this.value <= Short.MAX_VALUE;
	}

	@Override
	public boolean inIntRange() {
		return this.value >= Integer.MIN_VALUE && this.value <= Integer.MAX_VALUE;
	}

	@Override
	public boolean inLongRange() {
		return this.value >= Long.MIN_VALUE && this.value <= Long.MAX_VALUE;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JavaScriptNumberNode node && Double.compare(node.value, this.value) == 0;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(this.value);
	}

}
