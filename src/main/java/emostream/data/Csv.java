package emostream.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal RFC 4180 reader (quoted fields with commas, doubled quotes and line breaks; CRLF or LF) for the label
 * files of the corpora, plus plain TSV (no quoting, as GoEmotions and nEMO write it). Undecodable bytes become
 * U+FFFD rather than failing the whole file.
 */
final class Csv {

    /** A data row and the line it starts on (1-based, header = line 1), for skip messages. */
    record Row(int line, List<String> cells) {
        String get(int col) {
            return col < cells.size() ? cells.get(col).strip() : "";
        }
    }

    /** A file with a header row. */
    record Table(Path file, List<String> header, List<Row> rows) {
        /** Index of a column by name (case-insensitive); a missing column stops the load with the file's name. */
        int col(String name) throws DatasetException {
            int i = find(name);
            if (i < 0) {
                throw new DatasetException(file + ": no '" + name + "' column (columns: " + String.join(", ", header) + ")");
            }
            return i;
        }

        int find(String name) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private Csv() {
    }

    static Table table(Path file, boolean tsv) throws IOException {
        List<Row> rows = rows(file, tsv);
        if (rows.isEmpty()) {
            throw new DatasetException(file + ": empty file, expected a header row");
        }
        List<String> header = rows.get(0).cells().stream().map(s -> s.strip().replace("\uFEFF", "")).toList();
        return new Table(file, header, rows.subList(1, rows.size()));
    }

    static List<Row> rows(Path file, boolean tsv) throws IOException {
        String text;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[1 << 16];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return tsv ? tsv(text) : csv(text, file);
    }

    private static List<Row> tsv(String text) {
        List<Row> rows = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\r?\n", -1)) {
            line++;
            if (!l.isEmpty()) {
                rows.add(new Row(line, List.of(l.split("\t", -1))));
            }
        }
        return rows;
    }

    private static List<Row> csv(String text, Path file) throws DatasetException {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int rowLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || cell.length() > 0) {
                    cells.add(cell.toString());
                    rows.add(new Row(rowLine, List.copyOf(cells)));
                }
                cells.clear();
                cell.setLength(0);
                any = false;
                line++;
                rowLine = line;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new DatasetException(file + ": unterminated quoted field starting on line " + rowLine);
        }
        if (any || cell.length() > 0) {
            cells.add(cell.toString());
            rows.add(new Row(rowLine, List.copyOf(cells)));
        }
        return rows;
    }

    /**
     * File extensions the corpus loaders take as audio (what {@code emostream.audio.AudioFiles} decodes; it tells the
     * format by the bytes, the extension only picks the files). Hidden files (macOS {@code ._x.wav}) are ignored.
     */
    static final java.util.Set<String> AUDIO_EXTENSIONS =
            java.util.Set.of("wav", "flac", "aif", "aiff", "aifc", "au", "snd", "mp3", "ogg", "oga", "opus");

    static boolean isAudio(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && AUDIO_EXTENSIONS.contains(extension(n)) && Files.isRegularFile(p);
    }

    /** Lower-case extension without the dot ("" when none). */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file name without its extension. */
    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
