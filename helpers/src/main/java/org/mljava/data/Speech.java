package org.mljava.data;

/**
 * One State of the Union address (or a new president's first address to a joint session of
 * Congress, which the collection counts with them).
 *
 * @param year      the year it was given (1790 ... 2021; 1953 and 1961 have two, the outgoing
 *                  president's first)
 * @param president the president's name as the source spells it ("George Washington", "Joseph R Biden")
 * @param party     the president's party: "Democratic", "Republican", "Democratic-Republican",
 *                  "Federalist", "Whig", "Whig &amp; Democratic" (John Tyler), "National Union"
 *                  (Andrew Johnson) or "none" (George Washington)
 * @param text      the speech, as one string
 */
public record Speech(int year, String president, String party, String text) {

    @Override
    public String toString() {
        return year + " " + president + " (" + party + "), " + text.length() + " chars";
    }
}
