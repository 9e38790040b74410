package org.mljava.data;

/**
 * One message of the SpamAssassin public mail corpus, as it was received: headers, a blank line,
 * then the body (still MIME-encoded where the sender encoded it: quoted-printable, base64, HTML).
 *
 * @param group the corpus folder it comes from: "easy-ham-1", "easy-ham-2", "hard-ham-1",
 *              "spam-1" or "spam-2"
 * @param id    its file name in the corpus ("00001.7c53336b37003a9286aba55d2945844c": a number and
 *              the MD5 of the file)
 * @param spam  whether it is spam (the spam groups) or ham
 * @param text  the whole message. The bytes are read as UTF-8 where they are valid UTF-8, otherwise
 *              as ISO-8859-1 (so no byte is lost: most 8-bit mail of 2002 was Latin-1)
 */
public record Email(String group, String id, boolean spam, String text) {

    /** 1 for spam, 0 for ham (the class index in {@code Datasets.spamAssassin}'s data sets). */
    public int label() {
        return spam ? 1 : 0;
    }

    /** The header lines: everything before the first blank line. */
    public String headers() {
        return text.substring(0, headerEnd(text));
    }

    /** The body: everything after the first blank line (the whole text if it has none). */
    public String body() {
        return bodyOf(text);
    }

    /** The Subject header, unfolded (continuation lines joined), or "" when there is none. */
    public String subject() {
        String h = headers().replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        for (String line : h.split("\n")) {
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                return line.substring(8).strip();
            }
        }
        return "";
    }

    /** The body of a raw message: what follows the first blank line ({@code \n\n} or {@code \r\n\r\n}). */
    public static String bodyOf(String message) {
        int end = headerEnd(message);
        if (end == message.length()) {
            return message;
        }
        int i = end;
        // skip the line break that ends the headers and the blank line itself
        for (int breaks = 0; breaks < 2 && i < message.length(); breaks++) {
            if (message.charAt(i) == '\r') {
                i++;
            }
            if (i < message.length() && message.charAt(i) == '\n') {
                i++;
            }
        }
        return message.substring(i);
    }

    /** Where the headers end: the index of the line break before the first blank line, or the length. */
    private static int headerEnd(String message) {
        int lineStart = 0;
        while (lineStart < message.length()) {
            int nl = message.indexOf('\n', lineStart);
            if (nl < 0) {
                return message.length();
            }
            int next = nl + 1;
            boolean blankFollows = next < message.length()
                    && (message.charAt(next) == '\n' || (message.charAt(next) == '\r' && next + 1 < message.length() && message.charAt(next + 1) == '\n'));
            if (blankFollows) {
                return nl > 0 && message.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            }
            lineStart = next;
        }
        return message.length();
    }

    @Override
    public String toString() {
        return group + "/" + id + (spam ? " spam: " : " ham: ") + subject();
    }
}
