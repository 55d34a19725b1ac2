package io.liverelay.bench;

import java.util.Collection;

/** p50, p95 and max of a set of samples (nearest-rank percentiles); NaN when there is none. */
record Summary(int count, double p50, double p95, double max) {

    static final Summary NONE = new Summary(0, Double.NaN, Double.NaN, Double.NaN);

    static Summary of(Collection<Double> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Summary(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
