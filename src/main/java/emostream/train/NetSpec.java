package emostream.train;

import emostream.features.FeatureConfig;

import java.util.List;

/**
 * Everything that fixes the network's shape: the label order, the features it reads, which audio branches it has
 * and the layer widths. Saved next to a checkpoint and, in parts, in the ONNX metadata.
 *
 * @param labels       output classes, in order
 * @param features     how spec3d (and the acoustic vector) were computed
 * @param acousticDim  length of the acoustic vector, 0 = none
 * @param textDim      text embedding size (384 for MiniLM)
 * @param cnn          the spec3d CNN branch is present
 * @param conv         output channels of the five conv layers (AlexNet order: 11x11/4, 5x5, 3x3, 3x3, 3x3)
 * @param fc           widths of the CNN's two hidden fc layers; the second is the CNN feature size
 * @param functionals  the functionals branch (a softmax regression on the standardised acoustic vector) is present
 * @param textHidden   hidden width of the text head
 * @param fusionHidden hidden width of the fusion layer over the two heads' calibrated log-probabilities
 * @param dropout      dropout rate in the CNN's fc layers and the text head
 */
public record NetSpec(
        List<String> labels,
        FeatureConfig features,
        int acousticDim,
        int textDim,
        boolean cnn,
        int[] conv,
        int[] fc,
        boolean functionals,
        int textHidden,
        int fusionHidden,
        float dropout) {

    /** Widths of the shipped CNN; one 2-s window costs ~1.2 ms in ORT on one core. */
    public static final int[] DEFAULT_CONV = {48, 96, 128, 128, 256};
    public static final int[] DEFAULT_FC = {256, 128};
    public static final int DEFAULT_TEXT_HIDDEN = 128;
    public static final int DEFAULT_FUSION_HIDDEN = 32;

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
        if (!cnn && !functionals) {
            throw new IllegalArgumentException("the audio head needs the CNN, the functionals branch or both");
        }
        if (functionals && acousticDim == 0) {
            throw new IllegalArgumentException("the functionals branch needs acoustic features (features.acoustic)");
        }
        if (features.acoustic().size() > 0 && acousticDim == 0) {
            throw new IllegalArgumentException("features list acoustic features but acousticDim is 0");
        }
    }

    /** Both branches with default widths (tests, parity). */
    public static NetSpec of(List<String> labels, FeatureConfig features, int acousticDim) {
        return new NetSpec(labels, features, acousticDim, 384, true, DEFAULT_CONV, DEFAULT_FC, acousticDim > 0,
                DEFAULT_TEXT_HIDDEN, DEFAULT_FUSION_HIDDEN, 0.5f);
    }

    public int classes() {
        return labels.size();
    }

    /** Width of the {@code audio_features} output: the CNN's features, else the standardised acoustic vector. */
    public int audioFeatureDim() {
        return cnn ? fc[1] : acousticDim;
    }

    /** Short description for the model metadata. */
    public String architecture() {
        StringBuilder sb = new StringBuilder();
        if (functionals) {
            sb.append("functionals=softmax-regression(").append(features.acoustic()).append(' ').append(acousticDim).append(')');
        }
        if (cnn) {
            sb.append(sb.length() > 0 ? " + " : "").append("alexnet-spec3d conv=").append(join(conv)).append(" fc=").append(join(fc))
                    .append(" window_mean_norm=time time_pool=global-max");
        }
        sb.append("; audio logits = calibrated weighted sum of the branches; text_hidden=").append(textHidden)
                .append("; fusion=mlp(").append(fusionHidden).append(") over calibrated log-probs + either-modality (a neutral modality passes the other through; an unsure text reads as neutral)");
        return sb.toString();
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : "x").append(a[i]);
        }
        return sb.toString();
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
