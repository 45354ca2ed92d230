package emostream.train;

import emostream.features.FeatureConfig;

import java.util.List;

/**
 * Everything that fixes the network's shape: the label order, the features it reads and the layer widths.
 * Saved next to a checkpoint and, in parts, in the ONNX metadata.
 *
 * @param labels      output classes, in order
 * @param features    how spec3d (and the acoustic vector) were computed
 * @param acousticDim length of the acoustic vector, 0 = mel only
 * @param textDim     text embedding size (384 for MiniLM)
 * @param conv        output channels of the five conv layers (AlexNet order: 11x11/4, 5x5, 3x3, 3x3, 3x3)
 * @param fc          widths of the two hidden fc layers; the second is the audio feature size fed to fusion
 * @param textHidden  hidden width of the text head
 * @param dropout     dropout rate in the fc layers and the text head
 * @param statsPool   also pool statistics over time inside the graph (mean and std of the normalised spec3d per
 *                    (channel, band), and of its first {@code cepstra} DCT coefficients per channel) into fc1
 * @param cepstra     DCT coefficients over the mel axis per channel whose mean and std are pooled (0 = none)
 * @param inputDropout dropout on fc1's input while training
 * @param wide        also a linear path from [pooled statistics ⊕ acoustic] straight to the audio logits (a softmax
 *                    regression on the statistics, added to the CNN's logits)
 */
public record NetSpec(
        List<String> labels,
        FeatureConfig features,
        int acousticDim,
        int textDim,
        int[] conv,
        int[] fc,
        int textHidden,
        float dropout,
        boolean statsPool,
        int cepstra,
        float inputDropout,
        boolean wide) {

    /** Widths of the shipped model (best held-out scores measured); one 2-s window costs ~1.2 ms in ORT on one core. */
    public static final int[] DEFAULT_CONV = {48, 96, 128, 128, 256};
    public static final int[] DEFAULT_FC = {256, 128};
    public static final int DEFAULT_TEXT_HIDDEN = 128;
    public static final int DEFAULT_CEPSTRA = 20;

    /** The shape before statistics pooling (CNN features and acoustic vector only). */
    public NetSpec(List<String> labels, FeatureConfig features, int acousticDim, int textDim, int[] conv, int[] fc,
                   int textHidden, float dropout) {
        this(labels, features, acousticDim, textDim, conv, fc, textHidden, dropout, false, 0, 0f, false);
    }

    public NetSpec {
        labels = List.copyOf(labels);
        conv = conv.clone();
        fc = fc.clone();
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 labels, got " + labels);
        }
        if (conv.length != 5 || fc.length != 2) {
            throw new IllegalArgumentException("need 5 conv widths and 2 fc widths");
        }
        if (cepstra < 0 || cepstra > features.melBands() || (cepstra > 0 && !statsPool)) {
            throw new IllegalArgumentException("cepstra must be 0.." + features.melBands() + " and needs statsPool");
        }
        if (wide && !statsPool) {
            throw new IllegalArgumentException("the wide path needs statsPool");
        }
        if (features.acoustic().size() > 0 && acousticDim == 0) {
            throw new IllegalArgumentException("features list acoustic features but acousticDim is 0");
        }
    }

    /** The shipped shape (no statistics pooling) with default widths. */
    public static NetSpec of(List<String> labels, FeatureConfig features, int acousticDim) {
        return new NetSpec(labels, features, acousticDim, 384, DEFAULT_CONV, DEFAULT_FC, DEFAULT_TEXT_HIDDEN, 0.5f);
    }

    /** The same with statistics pooling ({@code cepstra} DCT coefficients) and, optionally, the wide path. */
    public NetSpec withStatsPool(int cepstra, boolean wide) {
        return new NetSpec(labels, features, acousticDim, textDim, conv, fc, textHidden, dropout, true, cepstra,
                inputDropout, wide);
    }

    /** Length of the pooled statistics vector: mean and std per (channel, band) and per (channel, cepstrum). */
    public int pooledDim() {
        return statsPool ? 2 * 3 * (features.melBands() + cepstra) : 0;
    }

    public int classes() {
        return labels.size();
    }

    public int audioFeatureDim() {
        return fc[1];
    }

    @Override
    public int[] conv() {
        return conv.clone();
    }

    @Override
    public int[] fc() {
        return fc.clone();
    }
}
