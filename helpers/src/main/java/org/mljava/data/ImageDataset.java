package org.mljava.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.mljava.helpers.Mode;

/**
 * Labelled images of one size, such as MNIST: {@code size()} images of {@code height x width}
 * pixels with {@code channels} colour channels, stored compactly as unsigned bytes and handed
 * out as floats in [0, 1].
 *
 * <pre>{@code
 * ImageDataset train = Datasets.mnistForMode(Split.TRAIN);   // a slice in quick mode, all 60,000 in full mode
 * float[][] x = train.images();     // one row of 784 floats in [0,1] per image
 * int[] y = train.labels();         // 0..9
 * display(train.grid(4, 8, 2));     // a picture of the first 32 images
 * }</pre>
 * For DJL, {@code DjlDatasets.toDataset(train, manager, batchSize, shuffle)} makes a DJL
 * {@code Dataset} of shape (N, channels, height, width).
 */
public final class ImageDataset {

    private final String name;
    private final Split split;
    private final int height;
    private final int width;
    private final int channels;
    private final byte[] pixels; // image-major, then row, column, channel
    private final int[] labels;
    private final String[] classNames;

    /** byte value (unsigned) -> float in [0, 1] */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    /**
     * @param pixels     unsigned bytes, {@code size * height * width * channels}, image by image, row by row (channels last)
     * @param labels     class index per image
     * @param classNames names of the classes, indexed by label
     */
    public ImageDataset(String name, Split split, int height, int width, int channels, byte[] pixels, int[] labels, String[] classNames) {
        this.name = Objects.requireNonNull(name);
        this.split = split;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pixels = Objects.requireNonNull(pixels);
        this.labels = Objects.requireNonNull(labels);
        this.classNames = Objects.requireNonNull(classNames);
        if ((long) labels.length * height * width * channels != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values do not make " + labels.length + " images of "
                    + height + "x" + width + "x" + channels);
        }
    }

    public String name() {
        return name;
    }

    public Split split() {
        return split;
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /** Values per image: {@code height * width * channels} (784 for MNIST). */
    public int pixelsPerImage() {
        return height * width * channels;
    }

    /** The class index of every image (the array itself: do not change it). */
    public int[] labels() {
        return labels;
    }

    public int label(int i) {
        return labels[i];
    }

    public String[] classNames() {
        return classNames.clone();
    }

    /** The class name of image {@code i}. */
    public String className(int i) {
        return classNames[labels[i]];
    }

    /** The raw pixel bytes (unsigned: use {@code b & 0xff}); the array itself, do not change it. */
    public byte[] rawPixels() {
        return pixels;
    }

    /** Image {@code i} as floats in [0, 1], row by row. */
    public float[] image(int i) {
        int n = pixelsPerImage();
        float[] out = new float[n];
        int base = i * n;
        for (int k = 0; k < n; k++) {
            out[k] = UNIT[pixels[base + k] & 0xff];
        }
        return out;
    }

    /** All images as rows of floats in [0, 1]: {@code images()[i]} is image {@code i}. */
    public float[][] images() {
        float[][] out = new float[size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = image(i);
        }
        return out;
    }

    /** All pixels as one flat float array in [0, 1] (image by image), for building a tensor. */
    public float[] flatPixels() {
        float[] out = new float[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            out[k] = UNIT[pixels[k] & 0xff];
        }
        return out;
    }

    /** All images as rows of doubles in [0, 1] (for Smile and hand-written models). */
    public double[][] toDoubleArrays() {
        int n = pixelsPerImage();
        double[][] out = new double[size()][n];
        for (int i = 0; i < out.length; i++) {
            int base = i * n;
            double[] row = out[i];
            for (int k = 0; k < n; k++) {
                row[k] = (pixels[base + k] & 0xff) / 255.0;
            }
        }
        return out;
    }

    /** How many images each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.length];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The first {@code n} images (all when {@code n >= size()}). */
    public ImageDataset limit(int n) {
        int m = Math.max(0, Math.min(n, size()));
        if (m == size()) {
            return this;
        }
        return new ImageDataset(name, split, height, width, channels,
                Arrays.copyOf(pixels, m * pixelsPerImage()), Arrays.copyOf(labels, m), classNames);
    }

    /** The images at these indices, in this order. */
    public ImageDataset select(int[] indices) {
        int n = pixelsPerImage();
        byte[] px = new byte[indices.length * n];
        int[] ls = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * n, px, k * n, n);
            ls[k] = labels[indices[k]];
        }
        return new ImageDataset(name, split, height, width, channels, px, ls, classNames);
    }

    /**
     * The size the current {@link Mode} asks for: in quick mode the first {@code quickTrain}
     * (training split) or {@code quickTest} (test split) images, in full mode all of them.
     */
    public ImageDataset forMode(int quickTrain, int quickTest) {
        return limit(Mode.choose(split == Split.TEST ? quickTest : quickTrain, Integer.MAX_VALUE));
    }

    /** Image {@code i} as a grey (or RGB) picture, each pixel drawn as a {@code scale x scale} square. */
    public BufferedImage toImage(int i, int scale) {
        BufferedImage img = new BufferedImage(width * scale, height * scale,
                channels == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        draw(img, i, 0, 0, scale);
        return img;
    }

    /** Image {@code i} at its own size. */
    public BufferedImage toImage(int i) {
        return toImage(i, 1);
    }

    /** The first {@code rows * cols} images side by side in a grid, each scaled by {@code scale}. */
    public BufferedImage grid(int rows, int cols, int scale) {
        int gap = 1;
        BufferedImage img = new BufferedImage(cols * (width * scale + gap), rows * (height * scale + gap), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (i < size()) {
                    draw(img, i, c * (width * scale + gap), r * (height * scale + gap), scale);
                }
            }
        }
        return img;
    }

    private void draw(BufferedImage img, int i, int x0, int y0, int scale) {
        int base = i * pixelsPerImage();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb;
                int p = base + (y * width + x) * channels;
                if (channels == 3) {
                    rgb = ((pixels[p] & 0xff) << 16) | ((pixels[p + 1] & 0xff) << 8) | (pixels[p + 2] & 0xff);
                } else {
                    int g = pixels[p] & 0xff;
                    rgb = (g << 16) | (g << 8) | g;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return name + " " + (split == null ? "" : split.name().toLowerCase(Locale.ROOT) + " ") + "(" + size() + " images " + height + "x" + width
                + (channels > 1 ? "x" + channels : "") + ", " + classNames.length + " classes)";
    }
}
