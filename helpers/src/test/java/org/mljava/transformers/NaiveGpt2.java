package org.mljava.transformers;

/**
 * GPT-2's forward pass written out with loops over plain arrays, from the GPT-2 paper and
 * Hugging Face's modeling_gpt2 description (pre-LayerNorm, Conv1D weights [in, out], causal
 * softmax attention, tanh GELU, final LayerNorm, output tied to wte): an independent reference for
 * {@link Gpt2Decoder} + {@link CausalLanguageModelHead}. Double precision, one unpadded sequence.
 */
final class NaiveGpt2 {

    private final Checkpoint w;
    private final Gpt2Config c;

    NaiveGpt2(Checkpoint weights, Gpt2Config config) {
        this.w = weights;
        this.c = config;
    }

    private float[] v(String name) {
        return w.get(name).values();
    }

    /** Logits [tokens][vocab] for one sequence. */
    double[][] logits(long[] ids) {
        int n = ids.length;
        int h = c.hiddenSize();
        float[] wte = v("transformer.wte.weight");
        float[] wpe = v("transformer.wpe.weight");
        double[][] x = new double[n][h];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < h; k++) {
                x[t][k] = wte[(int) ids[t] * h + k] + wpe[t * h + k];
            }
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "transformer.h." + l + ".";
            double[][] a = layerNorm(x, v(p + "ln_1.weight"), v(p + "ln_1.bias"));
            double[][] qkv = conv1d(a, v(p + "attn.c_attn.weight"), v(p + "attn.c_attn.bias"), h, 3 * h);
            double[][] context = attention(qkv, n, h, c.numHeads());
            double[][] o = conv1d(context, v(p + "attn.c_proj.weight"), v(p + "attn.c_proj.bias"), h, h);
            add(x, o);
            double[][] m = layerNorm(x, v(p + "ln_2.weight"), v(p + "ln_2.bias"));
            double[][] f = conv1d(m, v(p + "mlp.c_fc.weight"), v(p + "mlp.c_fc.bias"), h, c.innerSize());
            for (double[] row : f) {
                for (int k = 0; k < row.length; k++) {
                    double z = row[k];
                    row[k] = 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
                }
            }
            add(x, conv1d(f, v(p + "mlp.c_proj.weight"), v(p + "mlp.c_proj.bias"), c.innerSize(), h));
        }
        double[][] out = layerNorm(x, v("transformer.ln_f.weight"), v("transformer.ln_f.bias"));
        double[][] logits = new double[n][c.vocabSize()];
        for (int t = 0; t < n; t++) {
            for (int token = 0; token < c.vocabSize(); token++) {
                double s = 0;
                for (int k = 0; k < h; k++) {
                    s += out[t][k] * wte[token * h + k];
                }
                logits[t][token] = s;
            }
        }
        return logits;
    }

    private double[][] attention(double[][] qkv, int n, int h, int heads) {
        int d = h / heads;
        double[][] context = new double[n][h];
        for (int head = 0; head < heads; head++) {
            int q0 = head * d;
            int k0 = h + head * d;
            int v0 = 2 * h + head * d;
            for (int t = 0; t < n; t++) {
                double[] scores = new double[t + 1]; // causal: keys 0..t
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += qkv[t][q0 + k] * qkv[s][k0 + k];
                    }
                    scores[s] = dot / Math.sqrt(d);
                    max = Math.max(max, scores[s]);
                }
                double total = 0;
                for (int s = 0; s <= t; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    total += scores[s];
                }
                for (int s = 0; s <= t; s++) {
                    for (int k = 0; k < d; k++) {
                        context[t][head * d + k] += scores[s] / total * qkv[s][v0 + k];
                    }
                }
            }
        }
        return context;
    }

    private double[][] layerNorm(double[][] x, float[] gamma, float[] beta) {
        double[][] out = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double value : x[t]) {
                mean += value;
            }
            mean /= x[t].length;
            double var = 0;
            for (double value : x[t]) {
                var += (value - mean) * (value - mean);
            }
            var /= x[t].length;
            for (int k = 0; k < x[t].length; k++) {
                out[t][k] = (x[t][k] - mean) / Math.sqrt(var + c.layerNormEps()) * gamma[k] + beta[k];
            }
        }
        return out;
    }

    /** x [n][in] times W [in][out] (row-major) plus b. */
    private static double[][] conv1d(double[][] x, float[] weight, float[] bias, int in, int out) {
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int i = 0; i < in; i++) {
                    s += x[t][i] * weight[i * out + o];
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int k = 0; k < x[t].length; k++) {
                x[t][k] += y[t][k];
            }
        }
    }
}
