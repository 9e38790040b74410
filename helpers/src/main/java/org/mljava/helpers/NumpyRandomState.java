package org.mljava.helpers;

/**
 * NumPy's legacy random generator, {@code numpy.random.RandomState(seed)}, draw for draw: the Mersenne
 * Twister MT19937 seeded with {@code init_genrand}, integers in {@code [0, max]} by masked rejection,
 * Fisher-Yates shuffles from the last position down, doubles with 53 random bits, and normal values by
 * the polar method with one value kept for the next call.
 *
 * <p>Why: the book seeds everything with {@code random_state=1} ({@code train_test_split}, the perceptron's
 * initial weights {@code rgen.normal(0, 0.01, size)}, Adaline's shuffles). With the same draws a notebook
 * sees the book's own split and the book's own numbers. {@code SklearnSplitsTest} checks it against
 * values that NumPy and scikit-learn printed.
 *
 * <p>Not thread-safe, like NumPy's.
 */
public final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int position;
    private boolean hasGauss;
    private double gauss;

    /** {@code RandomState(seed)} for a seed in {@code [0, 2^32 - 1]}. */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a NumPy seed lies in [0, 2^32 - 1], got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        position = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUint32() {
        if (position >= N) {
            generate();
        }
        int y = mt[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void generate() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        position = 0;
    }

    /** {@code random_sample()}: a double in [0, 1) from 53 random bits. */
    public double randomSample() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A uniform integer in {@code [0, max]}: draws masked to the bit length of {@code max}, redrawn while too large. */
    public long interval(long max) {
        if (max < 0 || max > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max must lie in [0, 2^32 - 1], got " + max);
        }
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** {@code randint(low, high)}: a uniform integer in {@code [low, high)} (high - low - 1 at most 2^32 - 1). */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("low >= high: " + low + ", " + high);
        }
        return low + interval(high - low - 1);
    }

    /** {@code shuffle(values)}: in place, from the last position down, each swapped with a position at or below it. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** {@code shuffle(rows)}: the same draws as for an int array, moving whole rows. */
    public <T> void shuffle(T[] rows) {
        for (int i = rows.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            T t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }

    /** {@code permutation(n)}: 0..n-1 shuffled. */
    public int[] permutation(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        shuffle(out);
        return out;
    }

    /** {@code permutation(values)}: a shuffled copy. */
    public int[] permutation(int[] values) {
        int[] out = values.clone();
        shuffle(out);
        return out;
    }

    /** {@code choice(values, size, replace=False)}: the first {@code size} entries of a permutation of the positions. */
    public int[] choiceWithoutReplacement(int[] values, int size) {
        if (size > values.length || size < 0) {
            throw new IllegalArgumentException("cannot take " + size + " of " + values.length + " without replacement");
        }
        int[] order = permutation(values.length);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /** {@code standard_normal()}: the polar (Marsaglia) method; every second call returns the value kept from the first. */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code normal(loc, scale, size)}. */
    public double[] normal(double loc, double scale, int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = loc + scale * standardNormal();
        }
        return out;
    }

    /** {@code uniform(low, high, size)}. */
    public double[] uniform(double low, double high, int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = low + (high - low) * randomSample();
        }
        return out;
    }
}
