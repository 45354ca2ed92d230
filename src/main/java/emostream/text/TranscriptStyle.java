package emostream.text;

import java.util.Locale;

/**
 * Text as the speech recogniser writes it: lower case, words and apostrophes only, single spaces. Vosk never
 * writes punctuation, so the text branch reads written corpora (MELD's "Oh my God!") in this style too, at
 * training and serving alike: the head must not learn from "!" what it will never see in a transcript.
 */
public final class TranscriptStyle {

    private TranscriptStyle() {
    }

    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u2019' || c == '\u2018' || c == '\u0092') {
                c = '\'';
            }
            if (Character.isLetterOrDigit(c) || c == '\'') {
                sb.append(c);
                space = false;
            } else if (!space) {
                sb.append(' ');
                space = true;
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
