package org.mljava.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.mljava.data.DataException;

/** The tab-separated reader ({@link TabularParsers#tsvTable}) on small files written here, with the values typed in. */
class TabularParsersTest {

    @TempDir
    Path dir;

    Table tsv(String text) throws IOException {
        return TabularParsers.tsvTable(Files.writeString(dir.resolve("t.txt"), text), "t");
    }

    static double[] doubles(Table t, String column) {
        return t.doubleColumn(column).asDoubleArray();
    }

    @Test
    void numbersMissingValuesAndStrings() throws IOException {
        Table t = tsv("\"Order\"\tPID\tMS Zoning\tLot Frontage\tSalePrice\r\n"
                + "1\t0526301100\t RL \t141\t215000\r\n"
                + "\r\n"
                + "2\t0526350040\tRH\t\t105000\r\n"
                + "3\t0526351010\tRL\tNA\t172000\r\n");
        assertEquals(List.of("Order", "PID", "MS Zoning", "Lot Frontage", "SalePrice"), t.columnNames());
        assertEquals(3, t.rowCount(), "the blank line is no row");
        assertTrue(t.column("PID") instanceof DoubleColumn, "numbers, leading zeros or not, make a double column");
        assertArrayEquals(new double[] {526301100, 526350040, 526351010}, doubles(t, "PID"));
        assertArrayEquals(new double[] {141, Double.NaN, Double.NaN}, doubles(t, "Lot Frontage"), "empty and NA are NaN");
        assertArrayEquals(new double[] {215000, 105000, 172000}, doubles(t, "SalePrice"));
        assertTrue(t.column("MS Zoning") instanceof StringColumn);
        assertEquals(List.of("RL", "RH", "RL"), t.stringColumn("MS Zoning").asList(), "cells are trimmed");
    }

    @Test
    void quotedCellsFollowCsvRules() throws IOException {
        Table t = tsv("name\tnote\tn\n\"a\tb\"\t\"say \"\"hi\"\"\"\t1\nit's\t5\" wide\t2\n");
        assertEquals(List.of("a\tb", "it's"), t.stringColumn("name").asList(), "a tab inside quotes stays in the cell");
        assertEquals(List.of("say \"hi\"", "5\" wide"), t.stringColumn("note").asList(),
                "a doubled quote inside quotes is one quote; a quote inside an unquoted cell is kept");
        assertArrayEquals(new double[] {1, 2}, doubles(t, "n"));
    }

    @Test
    void naIsMissingInStringColumnsToo() throws IOException {
        // as pandas.read_csv (the book) reads AmesHousing.txt: "NA" in Alley is missing, not a category
        Table t = tsv("Alley\tArea\nGrvl\t10\nNA\t20\n\t30\n");
        assertEquals(List.of("Grvl", "", ""), t.stringColumn("Alley").asList());
        assertEquals(2, t.stringColumn("Alley").countMissing());
    }

    @Test
    void aRowWithTooManyOrTooFewCellsNamesTheFile() throws IOException {
        for (String text : List.of("a\tb\n1\t2\t3\n", "a\tb\n1\n")) {
            DataException e = assertThrows(DataException.class, () -> tsv(text));
            assertTrue(e.getMessage().contains(dir.resolve("t.txt").toString()), e.getMessage());
        }
    }
}
