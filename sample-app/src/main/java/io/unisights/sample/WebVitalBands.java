package io.unisights.sample;

import io.unisights.beacon.BeaconEvent.WebVital.Metric;

/**
 * The rating bands of a Core Web Vital, as the web-vitals library defines them: a value up
 * to {@code goodMax} is good, above {@code poorAbove} is poor, in between needs
 * improvement.
 *
 * @param metric the metric
 * @param goodMax largest good value
 * @param poorAbove value above which the metric is poor
 * @param unit {@code ms}, or empty for the unitless CLS
 */
record WebVitalBands(Metric metric, double goodMax, double poorAbove, String unit) {

	static WebVitalBands of(Metric metric) {
		return switch (metric) {
			case LCP -> new WebVitalBands(metric, 2500, 4000, "ms");
			case FCP -> new WebVitalBands(metric, 1800, 3000, "ms");
			case INP -> new WebVitalBands(metric, 200, 500, "ms");
			case TTFB -> new WebVitalBands(metric, 800, 1800, "ms");
			case FID -> new WebVitalBands(metric, 100, 300, "ms");
			case CLS -> new WebVitalBands(metric, 0.1, 0.25, "");
		};
	}

	/**
	 * Rates a value.
	 * @param value a measurement of this metric
	 * @return {@code good}, {@code needs-improvement} or {@code poor}
	 */
	String rate(double value) {
		if (value <= this.goodMax) {
			return "good";
		}
		return (value <= this.poorAbove) ? "needs-improvement" : "poor";
	}

}
